/** Built in issue 19 (replaced by the view's own module). */
export function CompareView() {
  return (
    <section>
      <h2>CompareView</h2>
    </section>
  );
}
