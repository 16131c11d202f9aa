#!/usr/bin/env node
// Refreshes samples/ from the golden fixtures (real .NET serializer output, tools/fixtures/): copies the bodies of
// the common Dataverse messages in all three formats and writes each body's sidecar with the Service Bus properties
// Dataverse sets on it (docs/samples.md). Run after regenerating the golden fixtures:
//   node tools/samples/make-samples.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const golden = join(root, 'test', 'fixtures', 'golden');
const samples = join(root, 'samples');

/** Sample name ← golden fixture name. */
const SAMPLES = [
  ['create-account', 'create-account-all-types'],
  ['update-contact-with-images', 'update-contact-with-images'],
  ['delete-account', 'delete-account-target-reference'],
  ['assign-opportunity', 'assign-opportunity-to-team'],
  ['setstate-incident', 'setstate-incident-entity-moniker'],
  ['associate-account-contacts', 'associate-account-contacts'],
  ['custom-action', 'custom-action-all-parameter-types'],
  ['update-account-truncated', 'update-account-message-max-size-exceeded'],
];

// The three formats of a golden fixture are the same Dataverse operation, so the listener would (rightly) treat the
// second and third as duplicates of the first. Each sample format gets its own OperationId instead: the first hex
// digit of the id's last group becomes this marker (the binary keeps the golden bytes). The id is 36 characters of
// text in all three encodings (JSON string, XML element, NBFX Chars8Text record), so the length never changes.
const FORMATS = [
  ['bin', 'application/msbin1', undefined],
  ['json', 'application/json', 'a'],
  ['xml', 'application/xml', 'b'],
];

/** The body with its top-level OperationId (the first one; ParentContext comes later in member order) replaced. */
function withOperationId(body, operationId, marker) {
  if (marker === undefined) return body;
  const at = body.indexOf('OperationId');
  const idAt = at < 0 ? -1 : body.indexOf(operationId, at);
  if (idAt < 0 || idAt - at > 16) throw new Error(`OperationId ${operationId} not found after the OperationId member`);
  const replaced = `${operationId.slice(0, 24)}${marker}${operationId.slice(25)}`;
  const out = Buffer.from(body);
  out.write(replaced, idAt, 'latin1');
  return out;
}

const CLAIMS = 'http://schemas.microsoft.com/xrm/2011/Claims/';
// What Dataverse online puts in the Organization claim: "{OrganizationUrlName}.{RootDomain}", lower case.
const ORGANIZATION = 'contoso.crm.dynamics.com';

mkdirSync(samples, { recursive: true });
for (const [name, source] of SAMPLES) {
  const context = JSON.parse(readFileSync(join(golden, `${source}.expected.json`), 'utf8'));
  const applicationProperties = {
    [`${CLAIMS}Organization`]: ORGANIZATION,
    [`${CLAIMS}User`]: `{${context.userId}}`,
    [`${CLAIMS}InitiatingUser`]: `{${context.initiatingUserId}}`,
    [`${CLAIMS}EntityLogicalName`]: context.primaryEntityName,
    [`${CLAIMS}RequestName`]: context.messageName,
  };
  if (context.initiatingUserAgent) applicationProperties[`${CLAIMS}InitiatingUserAgent`] = context.initiatingUserAgent;
  if (source.includes('message-max-size-exceeded')) applicationProperties.MessageMaxSizeExceeded = true;
  for (const [extension, contentType, marker] of FORMATS) {
    const body = join(samples, `${name}.${extension}`);
    writeFileSync(body, withOperationId(readFileSync(join(golden, `${source}.${extension}`)), context.operationId, marker));
    const origin = marker === undefined ? '' : ` with OperationId digit 25 set to "${marker}"`;
    const sidecar = {
      $comment: `Service Bus properties Dataverse sets on this message (docs/samples.md). Body: test/fixtures/golden/${source}.${extension}${origin}, made by tools/samples/make-samples.mjs.`,
      contentType,
      correlationId: `{${context.correlationId}}`,
      applicationProperties,
    };
    writeFileSync(`${body}.props.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
  }
  console.log(`samples/${name}.{bin,json,xml} ← ${source}`);
}
