/** Built in issue 19 (replaced by the view's own module). */
export function HParamsView() {
  return (
    <section>
      <h2>HParamsView</h2>
    </section>
  );
}
