/**
 * The `__type` hint DCJS writes as the first member of a polymorphic object: `"<ContractName>:<ContractNamespace>"`,
 * e.g. `Entity:http://schemas.microsoft.com/xrm/2011/Contracts` or `KeyValuePairOfstringstring:#System.Collections.Generic`.
 */

/** The member that carries the hint. */
export const TYPE_HINT_MEMBER = '__type';

/** The namespace DCJS abbreviates to `#` (CLR-derived data contract namespaces). */
export const DATA_CONTRACT_NAMESPACE_PREFIX = 'http://schemas.datacontract.org/2004/07/';

/** The contract namespace of the `Microsoft.Xrm.Sdk` types. */
export const XRM_CONTRACTS_NAMESPACE = 'http://schemas.microsoft.com/xrm/2011/Contracts';

/**
 * The contract name of a hint: the text before the first `:` (the whole hint when there is none).
 *
 * @example
 * ```ts
 * typeNameOf('Money:http://schemas.microsoft.com/xrm/2011/Contracts'); // 'Money'
 * ```
 */
export function typeNameOf(hint: string): string {
  const colon = hint.indexOf(':');
  return colon < 0 ? hint : hint.slice(0, colon);
}

/**
 * The contract namespace of a hint, as the XML formats carry it: DCJS writes
 * `http://schemas.datacontract.org/2004/07/X` as `#X` (and escapes a literal leading `#` or `\` with `\`), so both
 * are undone; `null` when the hint has no `:`.
 *
 * @example
 * ```ts
 * typeNamespaceOf('KeyValuePairOfstringstring:#System.Collections.Generic');
 * // 'http://schemas.datacontract.org/2004/07/System.Collections.Generic'
 * ```
 */
export function typeNamespaceOf(hint: string): string | null {
  const colon = hint.indexOf(':');
  if (colon < 0) return null;
  const namespace = hint.slice(colon + 1);
  if (namespace.startsWith('#')) return DATA_CONTRACT_NAMESPACE_PREFIX + namespace.slice(1);
  // DCJS escapes a namespace that itself starts with `#` or `\` with a leading `\`.
  if (namespace.startsWith('\\')) return namespace.slice(1);
  return namespace;
}
