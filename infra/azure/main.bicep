metadata name = 'Cadence: one environment'
metadata description = '''Everything one council runs Cadence on, in one resource group: a user-assigned managed identity
(the bot's identity, the image puller, the Key Vault reader, the PostgreSQL role that reads and writes rows), a second
one for the migration job (a PostgreSQL Entra administrator), the Azure Bot with the Teams channel, a Container Apps
environment, app and migration job in a virtual network, PostgreSQL flexible server with private access and Microsoft
Entra authentication only, Key Vault and a Premium container registry reachable only through private endpoints,
Log Analytics and Application Insights. Step by step: docs/deploy.md. Review against Azure Verified Modules
conventions: infra/README.md.'''

// Deployed twice (docs/deploy.md): first with imageTag empty, which creates everything but the container app
// and the migration job; then, once the image is in the registry, with imageTag set. The app cannot start
// earlier: Container Apps resolves its Key Vault reference and pulls the image when it creates a revision
// (https://learn.microsoft.com/azure/container-apps/manage-secrets). After each deployment with a new tag the
// migration job is started (az containerapp job start): it brings the schema up to date and grants the app's
// role its rows; the app's new revision becomes ready once it has.

targetScope = 'resourceGroup'

// ============== //
//   Parameters   //
// ============== //

@description('Required. Short name for this environment, used in every resource name: 3 to 20 lowercase letters, digits and hyphens, starting with a letter (e.g. cadence-northdale).')
@minLength(3)
@maxLength(20)
param environmentName string

@description('Required. Client ID of the Entra app registration Cadence calls Microsoft Graph as (docs/deploy.md, step 2).')
param graphClientId string

@description('Required. Object ID of the Entra group of the council\'s database administrators: made an Entra administrator of PostgreSQL (no password administrator exists).')
param postgresAdminGroupObjectId string

@description('Required. Display name of that group, exactly as in Entra: the PostgreSQL role its members sign in as.')
param postgresAdminGroupName string

@description('Optional. The Cadence Graph app\'s client secret, written into Key Vault as graph-client-secret. Give it at the first deployment and when it is renewed; empty leaves the stored one as it is.')
@secure()
param graphClientSecret string = ''

@description('Optional. Tag of the image in the registry (e.g. 0.1.0). Empty: the container app is not deployed yet.')
param imageTag string = ''

@description('Optional. Repository of the image in the registry.')
param imageRepository string = 'cadence'

@description('Optional. UPNs of Cadence administrators, separated by commas (CADENCE_ADMINS).')
param admins string = ''

@description('Required. Whole years of supervision records the council keeps (CADENCE_RETENTION_YEARS): older ones are removed, and with them Teams references of people no longer in the roster. No default: it is the council\'s retention schedule to state (docs/export.md).')
@minValue(1)
@maxValue(100)
param retentionYears int

@description('Optional. Level of the JSON logs (LOG_LEVEL).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('Optional. PostgreSQL compute size.')
param postgresSkuName string = 'Standard_B2s'

@description('Optional. PostgreSQL compute tier; must match postgresSkuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresTier string = 'Burstable'

@description('Optional. Days of PostgreSQL point-in-time backups (7 to 35).')
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int = 35

@description('Optional. Geo-redundant PostgreSQL backups to the paired region (UK South pairs with UK West); fixed when the server is created.')
@allowed([
  'Enabled'
  'Disabled'
])
param postgresGeoRedundantBackup string = 'Disabled'

@description('Optional. Azure Bot pricing tier.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'S1'

@description('Optional. Fewest replicas of the app (at least 2).')
@minValue(2)
param minReplicas int = 2

@description('Optional. Most replicas of the app.')
param maxReplicas int = 4

@description('Optional. Address space of the virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Optional. Subnet of the Container Apps environment (at least /27).')
param appsSubnetPrefix string = '10.40.0.0/23'

@description('Optional. Subnet delegated to PostgreSQL.')
param postgresSubnetPrefix string = '10.40.2.0/24'

@description('Optional. Subnet for the private endpoints of Key Vault and the container registry.')
param privateEndpointsSubnetPrefix string = '10.40.3.0/24'

@description('Optional. Location of every regional resource; the resource group\'s by default.')
param location string = resourceGroup().location

@description('Optional. Tags for every resource.')
param tags object = {}

// ============= //
//   Variables   //
// ============= //

// Prefixes from the Cloud Adoption Framework's abbreviations
// (https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations);
// a short hash of the resource group makes the globally unique names unique.
var suffix = take(uniqueString(resourceGroup().id, environmentName), 6)
var compactName = replace(environmentName, '-', '')
var names = {
  identity: 'id-${environmentName}'
  migrateIdentity: 'id-${environmentName}-migrate'
  workspace: 'log-${environmentName}'
  appInsights: 'appi-${environmentName}'
  vnet: 'vnet-${environmentName}'
  keyVault: 'kv-${suffix}${take(compactName, 15)}'
  registry: 'cr${take(compactName, 36)}${suffix}'
  postgres: 'psql-${environmentName}-${suffix}'
  environment: 'cae-${environmentName}'
  app: 'ca-${environmentName}'
  migrateJob: 'caj-${environmentName}-migrate'
  bot: 'bot-${environmentName}-${suffix}'
}
var deployApp = !empty(imageTag)

// ============= //
//   Resources   //
// ============= //

module identity 'modules/identity.bicep' = {
  name: 'cadence-identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

// Only the migration job has it: an Entra administrator of PostgreSQL, which the app's identity is not.
module migrateIdentity 'modules/identity.bicep' = {
  name: 'cadence-migrate-identity'
  params: {
    name: names.migrateIdentity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'cadence-monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'cadence-network'
  params: {
    name: names.vnet
    postgresServerName: names.postgres
    addressPrefix: vnetAddressPrefix
    appsSubnetPrefix: appsSubnetPrefix
    postgresSubnetPrefix: postgresSubnetPrefix
    privateEndpointsSubnetPrefix: privateEndpointsSubnetPrefix
    location: location
    tags: tags
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'cadence-key-vault'
  params: {
    name: names.keyVault
    secretsUserPrincipalId: identity.outputs.principalId
    graphClientSecret: graphClientSecret
    privateEndpointSubnetResourceId: network.outputs.privateEndpointsSubnetResourceId
    privateDnsZoneResourceId: network.outputs.keyVaultPrivateDnsZoneResourceId
    workspaceResourceId: monitoring.outputs.workspaceResourceId
    location: location
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'cadence-registry'
  params: {
    name: names.registry
    pullPrincipalIds: [
      identity.outputs.principalId
      migrateIdentity.outputs.principalId
    ]
    privateEndpointSubnetResourceId: network.outputs.privateEndpointsSubnetResourceId
    privateDnsZoneResourceId: network.outputs.registryPrivateDnsZoneResourceId
    workspaceResourceId: monitoring.outputs.workspaceResourceId
    location: location
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'cadence-postgres'
  params: {
    name: names.postgres
    adminGroupObjectId: postgresAdminGroupObjectId
    adminGroupName: postgresAdminGroupName
    migrationPrincipalId: migrateIdentity.outputs.principalId
    migrationPrincipalName: migrateIdentity.outputs.name
    skuName: postgresSkuName
    tier: postgresTier
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    delegatedSubnetResourceId: network.outputs.postgresSubnetResourceId
    privateDnsZoneResourceId: network.outputs.postgresPrivateDnsZoneResourceId
    workspaceResourceId: monitoring.outputs.workspaceResourceId
    location: location
    tags: tags
  }
}

module appEnvironment 'modules/app-environment.bicep' = {
  name: 'cadence-app-environment'
  params: {
    name: names.environment
    infrastructureSubnetResourceId: network.outputs.appsSubnetResourceId
    workspaceName: monitoring.outputs.workspaceName
    location: location
    tags: tags
  }
}

// An app named X in the environment is served at X.<defaultDomain>: known before the app exists,
// so the bot and the Teams package can be made in the first deployment.
var botDomain = '${names.app}.${appEnvironment.outputs.defaultDomain}'

module bot 'modules/bot.bicep' = {
  name: 'cadence-bot'
  params: {
    name: names.bot
    botDomain: botDomain
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    workspaceResourceId: monitoring.outputs.workspaceResourceId
    sku: botSku
    tags: tags
  }
}

module app 'modules/app.bicep' = if (deployApp) {
  name: 'cadence-app'
  params: {
    name: names.app
    environmentResourceId: appEnvironment.outputs.resourceId
    image: '${registry.outputs.loginServer}/${imageRepository}:${imageTag}'
    registryLoginServer: registry.outputs.loginServer
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    keyVaultUri: keyVault.outputs.uri
    postgresHost: postgres.outputs.fqdn
    databaseName: postgres.outputs.databaseName
    databaseRole: identity.outputs.name
    graphClientId: graphClientId
    admins: admins
    retentionYears: retentionYears
    logLevel: logLevel
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    workspaceResourceId: monitoring.outputs.workspaceResourceId
    location: location
    tags: tags
  }
}

module migrateJob 'modules/migrate-job.bicep' = if (deployApp) {
  name: 'cadence-migrate-job'
  params: {
    name: names.migrateJob
    environmentResourceId: appEnvironment.outputs.resourceId
    image: '${registry.outputs.loginServer}/${imageRepository}:${imageTag}'
    registryLoginServer: registry.outputs.loginServer
    identityResourceId: migrateIdentity.outputs.resourceId
    identityClientId: migrateIdentity.outputs.clientId
    identityName: migrateIdentity.outputs.name
    postgresHost: postgres.outputs.fqdn
    databaseName: postgres.outputs.databaseName
    appRole: identity.outputs.name
    appPrincipalId: identity.outputs.principalId
    logLevel: logLevel
    location: location
    tags: tags
  }
}

// ============= //
//    Outputs    //
// ============= //

@description('The Teams manifest\'s bot id (npm run teams-package -- --bot-id): the managed identity\'s client ID.')
output botAppId string = identity.outputs.clientId

@description('The Teams manifest\'s bot domain (--bot-domain): the container app\'s host name.')
output botDomain string = botDomain

@description('The Entra tenant everything runs in (MicrosoftAppTenantId, GRAPH_TENANT_ID).')
output tenantId string = tenant().tenantId

@description('The Key Vault holding graph-client-secret (reachable from inside the virtual network only).')
output keyVaultName string = keyVault.outputs.name

@description('The registry to import the image into (az acr import -n <name>); reachable from inside the virtual network only.')
output registryName string = registry.outputs.name

@description('The registry\'s login server; the image is <loginServer>/<imageRepository>:<imageTag>.')
output registryLoginServer string = registry.outputs.loginServer

@description('The PostgreSQL host (reachable from inside the virtual network only).')
output postgresHost string = postgres.outputs.fqdn

@description('The PostgreSQL role Cadence signs in as, rows only: the app\'s managed identity\'s name.')
output postgresAppRole string = identity.outputs.name

@description('The PostgreSQL role the migration job signs in as, an Entra administrator: the migration identity\'s name.')
output postgresMigrationRole string = migrateIdentity.outputs.name

@description('The database for DATABASE_URL.')
output postgresDatabase string = postgres.outputs.databaseName

@description('The container app, for az containerapp exec and logs (deployed once imageTag is set).')
output containerAppName string = names.app

@description('The migration job, started at each release (az containerapp job start); deployed once imageTag is set.')
output migrationJobName string = names.migrateJob

@description('Whether this deployment included the container app.')
output containerAppDeployed bool = deployApp

@description('The Log Analytics workspace to query (docs/deploy.md, "After go-live").')
output logAnalyticsWorkspaceName string = monitoring.outputs.workspaceName

@description('The resource group everything is in.')
output resourceGroupName string = resourceGroup().name
