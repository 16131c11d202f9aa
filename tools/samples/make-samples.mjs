#!/usr/bin/env node
// Refreshes samples/ from the golden fixtures (real .NET serializer output, tools/fixtures/): copies the bodies of
// the common Dataverse messages in all three formats and writes each body's sidecar with the Service Bus properties
// Dataverse sets on it (docs/samples.md). Run after regenerating the golden fixtures:
//   node tools/samples/make-samples.mjs
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const FORMATS = [
  ['bin', 'application/msbin1'],
  ['json', 'application/json'],
  ['xml', 'application/xml'],
];

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
  for (const [extension, contentType] of FORMATS) {
    const body = join(samples, `${name}.${extension}`);
    copyFileSync(join(golden, `${source}.${extension}`), body);
    const sidecar = {
      $comment: `Service Bus properties Dataverse sets on this message (docs/samples.md). Body: test/fixtures/golden/${source}.${extension}, made by tools/samples/make-samples.mjs.`,
      contentType,
      correlationId: `{${context.correlationId}}`,
      applicationProperties,
    };
    writeFileSync(`${body}.props.json`, `${JSON.stringify(sidecar, null, 2)}\n`);
  }
  console.log(`samples/${name}.{bin,json,xml} ← ${source}`);
}
