/** infra/: what a council deploys — for now the Teams app package (manifest, icons, zip); Azure Bicep comes with the deployment work. */
export {
  buildTeamsPackage,
  checkCommands,
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
