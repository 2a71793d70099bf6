/** An edit's refusal beside the control it concerns: the API's userErrors, or the failure of the request itself. */
export function UserErrors(props: { id: string; errors: readonly { message: string }[] }) {
  return (
    <p id={props.id} class="user-errors problem" role="alert" hidden={props.errors.length === 0}>
      {props.errors.map((e) => e.message).join('; ')}
    </p>
  );
}
