/**
 * infra/: what a council deploys. The Teams app package (manifest, icons, zip,
 * checked against Microsoft's manifest schema) is code and is exported here;
 * the Azure Bicep (infra/azure/) and the container image (infra/container/)
 * are files for az and docker, described in infra/README.md.
 */
export {
  buildTeamsPackage,
  checkCommands,
  checkSchema,
  crc32,
  DEFAULT_OUT,
  fillManifest,
  PACKAGE_FILES,
  parsePackageArgs,
  runPackageCli,
  TeamsPackageError,
  writeZip,
  type PackageOptions,
  type TeamsManifest,
  type ZipEntry,
} from './teams-app/package.ts';
export {
  describeProblems,
  draftDifferences,
  loadSchema,
  manifestProblems,
  schemaFile,
  type SchemaProblem,
} from './teams-app/validate.ts';
