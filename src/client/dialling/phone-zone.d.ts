/** The virtual modules build/build.ts makes from libphonenumber-js's metadata (src/lib/numbers/phone-zones.ts). */
declare module 'phone-zone:codes' {
  const codes: import('../../lib/numbers/phone-zones').CallingCodes;
  export default codes;
}
declare module 'phone-zone:*' {
  const metadata: import('libphonenumber-js').MetadataJson;
  export default metadata;
}
