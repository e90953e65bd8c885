metadata name = 'Cadence migration job'
metadata description = 'A manually started Container Apps job that runs `cadence migrate --app-role` with the migration identity, an Entra administrator of PostgreSQL: it applies the schema migrations, creates the app\'s own PostgreSQL role the first time, and grants it rows only.'

// API version: Microsoft.App/jobs@2024-03-01, as in Azure Verified Modules avm/res/app/job.
//
// Why a job with an identity of its own: the schema must be changed by a role that owns it, while the app's
// role may only read and write rows (docs/deploy.md, "The database roles"). The job's identity is a PostgreSQL
// Entra administrator: that is what lets it create the app's role, which Bicep cannot
// (https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-manage-azure-ad-users). It runs only when
// started (`az containerapp job start`), holds no other right but AcrPull, and is assigned to nothing else, so
// the long-running app never holds administrator credentials.

@description('Required. Name of the job (2 to 32 lowercase letters, digits and hyphens).')
@maxLength(32)
param name string

@description('Required. Resource ID of the Container Apps environment (in the virtual network, where PostgreSQL is).')
param environmentResourceId string

@description('Required. The image, the same as the app\'s.')
param image string

@description('Required. Login server of the registry the image is pulled from.')
param registryLoginServer string

@description('Required. Resource ID of the migration identity.')
param identityResourceId string

@description('Required. Client ID of the migration identity (AZURE_CLIENT_ID: which identity\'s token is the password).')
param identityClientId string

@description('Required. Name of the migration identity: the PostgreSQL role it signs in as.')
param identityName string

@description('Required. Host name of the PostgreSQL server.')
param postgresHost string

@description('Required. The database Cadence uses.')
param databaseName string

@description('Required. The app\'s PostgreSQL role: its managed identity\'s name.')
param appRole string

@description('Required. Principal (object) ID of the app\'s managed identity, which its PostgreSQL role is bound to.')
param appPrincipalId string

@description('Optional. Log level of the JSON logs on stdout.')
param logLevel string = 'info'

@description('Optional. Location for the job.')
param location string = resourceGroup().location

@description('Optional. Tags for the job.')
param tags object = {}

// As the app's (app.bicep), for the migration identity's role.
var databaseUrl = 'postgres://${uriComponent(identityName)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full'

resource job 'Microsoft.App/jobs@2024-03-01' = {
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
      // Started by hand at each release, before the app's new revision can be ready (docs/deploy.md)
      // (https://learn.microsoft.com/azure/container-apps/jobs).
      triggerType: 'Manual'
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      // Each migration runs in a transaction under an advisory lock, so a retry finds what is done and goes on.
      replicaRetryLimit: 1
      replicaTimeout: 900
      registries: [
        {
          server: registryLoginServer
          identity: identityResourceId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: image
          command: [
            'node'
          ]
          args: [
            'app/bin/cadence.js'
            'migrate'
            '--app-role'
            appRole
            '--app-principal-id'
            appPrincipalId
          ]
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            { name: 'DATABASE_URL', value: databaseUrl }
            { name: 'DATABASE_AUTH', value: 'entra' }
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'CADENCE_ACTOR', value: 'migration-job' }
            { name: 'LOG_LEVEL', value: logLevel }
          ]
        }
      ]
    }
  }
}

@description('The name of the job.')
output name string = job.name

@description('The resource ID of the job.')
output resourceId string = job.id
