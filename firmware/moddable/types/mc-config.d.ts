/**
 * `mc/config`: the build's `config` (merged from every manifest's `config` section and
 * `key=value` arguments of `mcconfig`), frozen. Ours adds `pins` (role → GPIO) and `board`
 * from `manifests/boards/*.json`.
 */
declare module "mc/config" {
  const config: {
    readonly pins?: { readonly [role: string]: number };
    readonly board?: string;
    readonly [key: string]: unknown;
  };
  export default config;
}
