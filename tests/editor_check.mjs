// The data files checked as the VS Code YAML extension checks them: its language server
// (yaml-language-server, installed by `npm ci`), reading each file's
// '# yaml-language-server: $schema=...' line.  Used by tests/test_schema.py.
//
// Standard input: {"files": {"/absolute/path.yaml": "text", ...}}.
// Standard output: {"/absolute/path.yaml": ["line:column message", ...], "<requested>": [every schema asked for]}.
// A schema that is not a local file is refused, so a schema that needs the network shows up.
import { readFileSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import server from 'yaml-language-server';
import { TextDocument } from 'vscode-languageserver-textdocument';

const requested = [];
async function schemaRequestService(uri) {
  requested.push(uri);
  if (!uri.startsWith('file://')) throw new Error(`refused to fetch ${uri}`);
  return readFileSync(fileURLToPath(uri), 'utf-8');
}
const workspaceContext = { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() };
const service = server.getLanguageService({ schemaRequestService, workspaceContext });
service.configure({ validate: true, hover: true, completion: true, yamlVersion: '1.2' });

const input = JSON.parse(readFileSync(0, 'utf-8'));
const found = {};
for (const [path, text] of Object.entries(input.files)) {
  const document = TextDocument.create(pathToFileURL(path).toString(), 'yaml', 1, text);
  const diagnostics = await service.doValidation(document, false);
  found[path] = diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}
found['<requested>'] = requested;
process.stdout.write(JSON.stringify(found));
