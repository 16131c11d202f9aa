/**
 * The namespace URIs a `DataContractSerializer` context uses. Names are matched by URI, never by prefix: the writer
 * picks prefixes freely (`a`, `b`, `d2p1`, ...).
 */

/** `RemoteExecutionContext`, `Entity`, `EntityReference`, ... (`Microsoft.Xrm.Sdk`, 2011 contracts). */
export const XRM_2011_NS = 'http://schemas.microsoft.com/xrm/2011/Contracts';
/** `KeyAttributeCollection` (7.1 contracts). */
export const XRM_71_NS = 'http://schemas.microsoft.com/xrm/7.1/Contracts';
/** `OptionSetValueCollection` (9.0 contracts). */
export const XRM_90_NS = 'http://schemas.microsoft.com/xrm/9.0/Contracts';
/** `KeyValuePair` members `key` and `value`. */
export const GENERIC_COLLECTIONS_NS = 'http://schemas.datacontract.org/2004/07/System.Collections.Generic';
/** XSD primitives (`string`, `int`, `dateTime`, ...). */
export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
/** The primitives XSD lacks: `guid`, `char`, `duration`. */
export const SERIALIZATION_NS = 'http://schemas.microsoft.com/2003/10/Serialization/';
/** Primitive arrays: `ArrayOfint`, `ArrayOfstring`, `ArrayOfguid`, ... */
export const SERIALIZATION_ARRAYS_NS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
/** The namespace bound to the reserved `xml` prefix. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The namespace bound to the reserved `xmlns` prefix. */
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Every namespace above. */
export const KNOWN_URIS: readonly string[] = [
  XRM_2011_NS,
  XRM_71_NS,
  XRM_90_NS,
  GENERIC_COLLECTIONS_NS,
  XSD_NS,
  SERIALIZATION_NS,
  SERIALIZATION_ARRAYS_NS,
  XML_NS,
  XMLNS_NS,
];
