/**
 * The one module that imports `cdktf`.
 *
 * CDKTF was archived in Dec 2025; its community fork CDK Terrain (`cdktn`) keeps the same API.
 * Everything in tierform imports these names from here, so moving to the fork is a rename in this file.
 */
export {
  App,
  Annotations,
  AzurermBackend,
  Fn,
  GcsBackend,
  Lazy,
  LocalBackend,
  S3Backend,
  TerraformIterator,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
  Aspects,
  DISABLE_STACK_TRACE_IN_METADATA,
  Testing,
  Token,
  Tokenization,
  dependable,
} from "cdktf";
export type { IAspect, TerraformMetaArguments, TerraformResource, TerraformProvider } from "cdktf";
export { TerraformResource as TerraformResourceClass } from "cdktf";
