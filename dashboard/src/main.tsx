import 'uplot/dist/uPlot.min.css';
import './styles/base.css';
import { render } from 'preact';
import { App } from './app.js';
import { applyTheme } from './lib/theme.js';

/*
 * The built-in dashboard: a runs table over the search API, charts (uPlot), a compare view, hyper-parameters and a run
 * page. It reads the public GraphQL API only, with the typed documents generated from dashboard/operations.graphql, and
 * keeps itself up to date through the API's subscriptions (lib/live.ts). Every view's state lives in the URL.
 */
applyTheme();
render(<App />, document.getElementById('app') as HTMLElement);
