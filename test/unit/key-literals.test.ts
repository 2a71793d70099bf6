/**
 * One home for the key schema: outside src/db/schema no source spells a key template or prefix, an index name or a
 * TYPE value. The forbidden strings come from the schema's own exports, so the check follows the schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import * as schema from '../../src/db/schema';

const SRC = join(__dirname, '../../src');
/** The schema itself, and code generated from the GraphQL schema. */
const EXCLUDED = ['db/schema/', 'graphql/generated/'];

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

/**
 * Every string the schema spells: its exported string constants and the values of its exported string maps
 * (ItemType, Index). Lists of required keys hold attribute names, not keys, and are left out.
 */
function schemaStrings(): string[] {
  const strings = new Set<string>();
  for (const value of Object.values(schema)) {
    if (typeof value === 'string') strings.add(value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.values(value)) if (typeof inner === 'string') strings.add(inner);
    }
  }
  return [...strings];
}

/** The literal text pieces of a string or template literal node; none for other nodes. */
function literalTexts(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return [];
}

/** Key literals in one source: a schema string or a text starting with a schema prefix, and any literal IndexName. */
function findKeyLiterals(file: string, text: string, strings: readonly string[]): Finding[] {
  const exact = new Set(strings);
  const prefixes = strings.filter((s) => s.endsWith('#'));
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node, why: string) =>
    findings.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: node.getText(source), why });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'IndexName' && literalTexts(node.initializer).length) {
      report(node, 'an index name spelled out: take it from db/schema');
      return;
    }
    for (const piece of literalTexts(node)) {
      const prefix = prefixes.find((p) => piece.startsWith(p));
      if (exact.has(piece)) report(node, `"${piece}" is a key, TYPE or index name of db/schema`);
      else if (prefix) report(node, `starts with the key prefix "${prefix}" of db/schema`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const rel = relative(SRC, path).split(sep).join('/');
    if (EXCLUDED.some((x) => `${rel}/`.startsWith(x))) return [];
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const strings = schemaStrings();

describe('key literals outside src/db/schema', () => {
  it('the schema exports the prefixes, TYPE values and index names the check looks for', () => {
    expect(strings).toEqual(
      expect.arrayContaining([
        'JOB#',
        'METRIC#',
        'LOG#',
        'STATUS#',
        'CREATED#',
        'UPDATED#',
        'JOB_NAME#',
        'WRITE#',
        'SERIES#',
        'JOB_SERIES#',
        'STEP#',
        'BLOCK#',
        'LEADERBOARD#',
        'KEY#',
      ]),
    );
    expect(strings).toEqual(expect.arrayContaining([...Object.values(schema.ItemType), ...Object.values(schema.Index)]));
    expect(strings).not.toContain('PK');
  });

  it('finds each kind of key literal, and leaves other strings alone', () => {
    const text = [
      "const a = { IndexName: 'GSI9', KeyConditionExpression: 'GSI1PK = :pk' };",
      "const b = item.TYPE === 'JOB_METRIC';",
      'const c = `STATUS#${status}`;',
      "const d = sk.startsWith('CREATED#2026');",
      "const e = { SK: 'JOB' };",
      "const f = ['status', 'job_id', 'METRICS', 'a#b'];",
    ].join('\n');
    expect(findKeyLiterals('sample.ts', text, strings).map((f) => [f.line, f.text])).toEqual([
      [1, "IndexName: 'GSI9'"],
      [2, "'JOB_METRIC'"],
      [3, '`STATUS#${status}`'],
      [4, "'CREATED#2026'"],
      [5, "'JOB'"],
    ]);
  });

  it('no file of src/ spells one', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const findings = files.flatMap((path) => findKeyLiterals(relative(SRC, path), readFileSync(path, 'utf8'), strings));
    expect(findings).toEqual([]);
  });
});
