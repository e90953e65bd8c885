// Parameters for infra/azure/main.bicep: one council's production environment.
// Edit the values marked EDIT; the two read from the environment are set in the shell first
// (docs/deploy.md, "Deploy the Azure resources"):
//
//   read -rs CADENCE_GRAPH_CLIENT_SECRET; export CADENCE_GRAPH_CLIENT_SECRET
//                                               the first time and when it is renewed; unset otherwise
//   export CADENCE_IMAGE_TAG=                   empty the first time; e.g. 0.1.0 once the image is imported
//   az deployment group create -g <resource group> -f infra/azure/main.bicep -p infra/azure/main.bicepparam
//
// readEnvironmentVariable() works only in .bicepparam files
// (https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions-parameters-file).
using './main.bicep'

// EDIT: short, lowercase, unique to this council and environment.
param environmentName = 'cadence-northdale'

// EDIT: the Application (client) ID of the "Cadence Graph" app registration.
param graphClientId = '00000000-0000-0000-0000-000000000000'

// EDIT: who is told which staff have not installed Cadence (UPNs, comma-separated).
param admins = 'principal.social.worker@northdale.gov.uk'

// EDIT (required): whole years of supervision records your council's retention schedule keeps.
// 0 is refused (main.bicep's @minValue(1)), so an unedited file does not deploy: keeping everything
// for ever is not a choice to make by omission.
param retentionYears = 0

param logLevel = 'info'

// EDIT: the Entra group of the council's database administrators (its Object ID, and its display name exactly):
// the Entra administrators of PostgreSQL, besides the migration job. There is no password administrator.
param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
param postgresAdminGroupName = 'Cadence database administrators'

// Written into Key Vault by the deployment (the vault takes no connection from outside the network).
param graphClientSecret = readEnvironmentVariable('CADENCE_GRAPH_CLIENT_SECRET', '')

param imageTag = readEnvironmentVariable('CADENCE_IMAGE_TAG', '')

param postgresSkuName = 'Standard_B2s'
param postgresTier = 'Burstable'
param postgresBackupRetentionDays = 35
param postgresGeoRedundantBackup = 'Disabled'

param minReplicas = 2
param maxReplicas = 4

// EDIT if the council will peer this network with its own: the ranges must not overlap.
param vnetAddressPrefix = '10.40.0.0/16'
param appsSubnetPrefix = '10.40.0.0/23'
param postgresSubnetPrefix = '10.40.2.0/24'
param privateEndpointsSubnetPrefix = '10.40.3.0/24'

param tags = {
  application: 'cadence'
  environment: 'production'
}
