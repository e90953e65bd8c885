// Parameters for infra/azure/main.bicep: one council's production environment.
// Edit the values marked EDIT; the three read from the environment are set in the shell first
// (docs/deploy.md, "Deploy the Azure resources"):
//
//   export CADENCE_PG_ADMIN_PASSWORD='...'      same value at every deployment
//   export CADENCE_DEPLOYER_OBJECT_ID=$(az ad signed-in-user show --query id -o tsv)
//   export CADENCE_IMAGE_TAG=                   empty the first time; e.g. 0.1.0 once the image is built
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

// EDIT: whole years of records the council keeps; empty keeps everything.
param retentionYears = ''

param logLevel = 'info'

param postgresAdministratorLogin = 'cadenceadmin'
param postgresAdministratorPassword = readEnvironmentVariable('CADENCE_PG_ADMIN_PASSWORD')

// Lets the person deploying set the two Key Vault secrets; empty to grant it some other way.
param secretsOfficerPrincipalId = readEnvironmentVariable('CADENCE_DEPLOYER_OBJECT_ID', '')

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

param tags = {
  application: 'cadence'
  environment: 'production'
}
