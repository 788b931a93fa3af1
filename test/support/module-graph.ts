import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The product's module graph as the TypeScript compiler reads it: every import and re-export, type-only ones
 * included, resolved to a file of the tree or kept as a package name. Read from the source, so a test can
 * check what the code reaches rather than how its import lines are spelled.
 */
export interface ModuleGraph {
  /** file (relative to the root) → the files and packages it imports, type-only imports included. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  /** file → the files and packages it loads when it runs (type-only imports left out). */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** A file's imports, each marked by whether it loads code or names types only. */
function importsOf(text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (named !== undefined && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const EXTENSIONS = ['.ts', '.json', '/index.ts'];

function filesUnder(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function resolveSpecifier(root: string, from: string, specifier: string): string {
  if (!specifier.startsWith('.')) {
    // A package: keep its name (scoped ones keep their scope), so a rule can name `@aws-sdk/`.
    const parts = specifier.split('/');
    return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
  }
  const base = resolve(root, dirname(from), specifier);
  const candidates = [base, ...EXTENSIONS.map((ext) => base.replace(/\.js$/, '') + ext)];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return relative(root, found ?? base);
}

/**
 * The graph of every `.ts` file under `dirs` and what they import, followed into other folders of the tree.
 * `read` gives a file's text (a test can plant a line); the file on disk by default.
 */
export function moduleGraph(
  root: string,
  dirs: readonly string[],
  read: (file: string) => string = (file) => readFileSync(join(root, file), 'utf8'),
): ModuleGraph {
  const edges = new Map<string, string[]>();
  const values = new Map<string, string[]>();
  const pending = dirs.flatMap((dir) => filesUnder(root, dir));
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (edges.has(file)) continue;
    if (!file.endsWith('.ts')) {
      edges.set(file, []);
      values.set(file, []);
      continue;
    }
    const imports = importsOf(read(file)).map((i) => ({
      ...i,
      target: resolveSpecifier(root, file, i.specifier),
    }));
    const targets = imports.map((i) => i.target);
    edges.set(file, [...new Set(targets)]);
    values.set(file, [...new Set(imports.filter((i) => !i.typeOnly).map((i) => i.target))]);
    for (const target of targets)
      if (target.includes('/') && existsSync(join(root, target))) pending.push(target);
  }
  return { edges, values };
}

/** Every import circle: the strongly connected components with more than one file (or a file importing itself). */
export function circles(graph: ModuleGraph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    idx.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    on.add(node);
    for (const next of graph.edges.get(node) ?? []) {
      if (!graph.edges.has(next)) continue;
      if (!idx.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (on.has(next)) {
        low.set(node, Math.min(low.get(node) as number, idx.get(next) as number));
      }
    }
    if (low.get(node) === idx.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        on.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.edges.get(node)?.includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.edges.keys()) if (!idx.has(node)) visit(node);
  return found;
}

/** The files and packages reachable from `from`, with one path to each (for a readable failure). */
export function reachable(edges: ModuleGraph['edges'], from: string): Map<string, string[]> {
  const paths = new Map<string, string[]>([[from, [from]]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of edges.get(node) ?? []) {
      if (paths.has(next)) continue;
      paths.set(next, [...(paths.get(node) as string[]), next]);
      queue.push(next);
    }
  }
  return paths;
}
