import { useEffect, useState } from 'preact/hooks';
import { apiKey } from '../lib/api.js';
import { errorText, showError } from '../lib/errors.js';
import { readRunMetricNames } from '../lib/run-metric-names.js';
import { Panel } from './Panel.js';

/** The server's CSV downloads of one run (src/http/export-routes.ts): every metric of it, or one metric. */
export const jobMetricsCsv = (jobId: string) => `/export/jobs/${encodeURIComponent(jobId)}/metrics.csv`;
export const metricCsv = (name: string, jobId: string) =>
  `/export/metrics/${encodeURIComponent(name)}.csv?jobIds=${encodeURIComponent(jobId)}`;

/**
 * A download link: a plain link when the page has no key; with a key (an <a> cannot send one), the file is fetched with
 * it and saved from memory.
 */
function CsvLink(props: { href: string; file: string; children: string }) {
  const click = async (e: MouseEvent) => {
    const key = apiKey('reader');
    if (!key || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    try {
      const res = await fetch(props.href, { headers: { authorization: `Bearer ${key}` } });
      if (!res.ok) throw new Error(`${props.file}: HTTP ${res.status} ${await res.text()}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = props.file;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      showError(error);
    }
  };
  return (
    <a href={props.href} download={props.file} onClick={(e) => void click(e)} class="csv-link">
      {props.children}
    </a>
  );
}

/** CSV export links: all of the run's metrics in one file, and one file per metric it can draw. */
export function ExportLinks(props: { jobId: string; version: number }) {
  const { jobId } = props;
  const [names, setNames] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    readRunMetricNames(jobId).then(
      (job) => {
        if (gone) return;
        setNames(job?.metricNames ?? []);
        setProblem(null);
      },
      (error) => !gone && setProblem(errorText(error)),
    );
    return () => {
      gone = true;
    };
  }, [jobId, props.version]);
  return (
    <Panel id="exports" title="CSV export">
      <ul class="export-links" id="export-links">
        <li>
          <CsvLink href={jobMetricsCsv(jobId)} file={`job-${jobId}-metrics.csv`}>
            All metrics of this run
          </CsvLink>
        </li>
        {(names ?? []).map((name) => (
          <li key={name} data-metric={name}>
            <CsvLink href={metricCsv(name, jobId)} file={`${name}.csv`}>
              {name}
            </CsvLink>
          </li>
        ))}
      </ul>
      {problem ? <p class="muted">The run's metric names could not be read: {problem}</p> : null}
      {names === null && !problem ? <p class="muted">Reading the run's metric names…</p> : null}
    </Panel>
  );
}
