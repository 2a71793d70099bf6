import { useEffect, useState } from 'preact/hooks';
import { MetricCharts, type ChartRun } from '../charts/MetricCharts.js';
import { ChartsRunNameDocument } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { runColor } from '../lib/colors.js';
import { showError } from '../lib/errors.js';
import { useViewState } from '../lib/url-state.js';

/** The selected runs' charts (the compare view proper is built in issue 19 by its own module). */
export function CompareView() {
  const { sel } = useViewState();
  const [names, setNames] = useState<Record<string, string>>({});
  const key = sel.join(',');
  useEffect(() => {
    Promise.all(sel.map((id) => read(ChartsRunNameDocument, { id }))).then(
      (answers) => setNames(Object.fromEntries(answers.flatMap((a) => (a.job ? [[a.job.id, a.job.name]] : [])))),
      showError,
    );
  }, [key]);
  const runs: ChartRun[] = sel.map((id) => ({ id, name: names[id] ?? id.slice(0, 8), color: runColor(sel, id) }));
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <MetricCharts runs={runs} />
    </section>
  );
}
