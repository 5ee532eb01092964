// size-limit's plugins ship no type declarations; they are only ever handed to sizeLimit() as they are (its own
// declaration types them loosely as functions, although they are arrays of hooks).
declare module "@size-limit/file" {
  const plugin: any;
  export default plugin;
}
declare module "@size-limit/esbuild" {
  const plugin: any;
  export default plugin;
}
