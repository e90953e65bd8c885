metadata name = 'Cadence container app'
metadata description = 'The container app running `cadence serve`: at least two replicas, HTTPS ingress to port 3978, liveness on /healthz and readiness on /readyz/database, the Graph secret read from Key Vault and PostgreSQL signed in to with the managed identity.'

// API version: Microsoft.App/containerApps@2024-03-01, as used by Azure Verified Modules avm/res/app/container-app
// (Azure/bicep-registry-modules history); the container app's diagnostic settings carry metrics only, as in that module.

@description('Required. Name of the container app (2 to 32 lowercase letters, digits and hyphens).')
@maxLength(32)
param name string

@description('Required. Resource ID of the Container Apps environment.')
param environmentResourceId string

@description('Required. The image, e.g. crcadence1234.azurecr.io/cadence:0.1.0.')
param image string

@description('Required. Login server of the registry the image is pulled from with the managed identity.')
param registryLoginServer string

@description('Required. Resource ID of the user-assigned managed identity.')
param identityResourceId string

@description('Required. Client ID of the user-assigned managed identity: the bot\'s MicrosoftAppId.')
param identityClientId string

@description('Required. URI of the Key Vault holding graph-client-secret, ending in a slash.')
param keyVaultUri string

@description('Required. Host name of the PostgreSQL server.')
param postgresHost string

@description('Required. The database Cadence uses.')
param databaseName string

@description('Required. The PostgreSQL role Cadence signs in as: the managed identity\'s name, created by the migration job with rows-only grants.')
param databaseRole string

@description('Required. Client ID of the Entra app registration Cadence calls Microsoft Graph as.')
param graphClientId string

@description('Optional. UPNs of Cadence administrators, separated by commas.')
param admins string = ''

@description('Required. Whole years of supervision records kept (CADENCE_RETENTION_YEARS).')
@minValue(1)
@maxValue(100)
param retentionYears int

@description('Optional. Log level of the JSON logs on stdout.')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('Optional. Fewest replicas. Two keep the bot answering while one restarts; scheduled work is claimed through the database, so each job still runs once.')
@minValue(2)
param minReplicas int = 2

@description('Optional. Most replicas.')
param maxReplicas int = 4

@description('Optional. vCPU per replica (with memory, a combination Container Apps allows, e.g. 0.5 and 1Gi).')
param cpu string = '0.5'

@description('Optional. Memory per replica.')
param memory string = '1Gi'

@description('Required. Resource ID of the Log Analytics workspace.')
param workspaceResourceId string

@description('Optional. Location for the app.')
param location string = resourceGroup().location

@description('Optional. Tags for the app.')
param tags object = {}

var port = 3978

// No password: with DATABASE_AUTH=entra each new connection's password is a token for the managed identity
// (AZURE_CLIENT_ID), and the role is named after it
// (https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-connect-with-managed-identity).
// verify-full: the token goes only to the server whose certificate and name are checked
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls).
var databaseUrl = 'postgres://${uriComponent(databaseRole)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full'

// Names as app/config.ts reads them. Secrets are referenced, never written here.
var baseEnv = [
  { name: 'CADENCE_BOT_HOST', value: '0.0.0.0' }
  { name: 'PORT', value: string(port) }
  // The bot's identity is the managed identity (https://learn.microsoft.com/azure/bot-service/abs-quickstart):
  // Microsoft no longer lets new multi-tenant bots be created.
  { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
  { name: 'MicrosoftAppId', value: identityClientId }
  { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
  // The user-assigned identity @azure/identity's DefaultAzureCredential picks
  // (https://learn.microsoft.com/javascript/api/overview/azure/identity-readme).
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'GRAPH_TENANT_ID', value: tenant().tenantId }
  { name: 'GRAPH_CLIENT_ID', value: graphClientId }
  { name: 'GRAPH_CLIENT_SECRET', secretRef: 'graph-client-secret' }
  { name: 'DATABASE_URL', value: databaseUrl }
  { name: 'DATABASE_AUTH', value: 'entra' }
  { name: 'LOG_LEVEL', value: logLevel }
]
// Left out rather than set empty.
var adminsEnv = empty(admins) ? [] : [{ name: 'CADENCE_ADMINS', value: admins }]
// Always set in Azure: production keeps records for the council's stated years, never for ever by omission.
var retentionEnv = [{ name: 'CADENCE_RETENTION_YEARS', value: string(retentionYears) }]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    environmentId: environmentResourceId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        // HTTP is redirected to HTTPS; Azure Bot Service calls https://<fqdn>/api/messages.
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityResourceId
        }
      ]
      // A Key Vault reference, read with the managed identity through the vault's private endpoint
      // (https://learn.microsoft.com/azure/container-apps/manage-secrets). Versionless, so a new version is
      // taken up when the revision restarts.
      secrets: [
        {
          name: 'graph-client-secret'
          keyVaultUrl: '${keyVaultUri}secrets/graph-client-secret'
          identity: identityResourceId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'cadence'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(baseEnv, adminsEnv, retentionEnv)
          // https://learn.microsoft.com/azure/container-apps/health-probes: HTTP probes pass on 200 to 399.
          probes: [
            {
              // The first answer may take up to 5 + 10 × 10 seconds. Migrations are the migration job's
              // (migrate-job.bicep); a replica that finds one waiting exits, and is restarted until it is applied.
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: port
              }
              initialDelaySeconds: 5
              periodSeconds: 10
              failureThreshold: 10
              timeoutSeconds: 5
            }
            {
              // The process answers: restart it if not.
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 15
              failureThreshold: 3
              timeoutSeconds: 5
            }
            {
              // The database reachable: without it a replica can answer nothing. Not Graph: an outage of
              // Graph is every replica's at once, and taking them all out of rotation would silence the
              // bot for what needs no Graph (overdue lists, records); /readyz (both) is for alerts.
              type: 'Readiness'
              httpGet: {
                path: '/readyz/database'
                port: port
              }
              periodSeconds: 15
              failureThreshold: 3
              timeoutSeconds: 10
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
      }
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: '${name}-diagnosticSettings'
  scope: app
  properties: {
    workspaceId: workspaceResourceId
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('The name of the container app.')
output name string = app.name

@description('The resource ID of the container app.')
output resourceId string = app.id

@description('The app\'s public host name.')
output fqdn string = app.properties.configuration.ingress.fqdn
