/** Built in issue 19 (replaced by the view's own module). */
export function RunPage() {
  return (
    <section>
      <h2>RunPage</h2>
    </section>
  );
}
