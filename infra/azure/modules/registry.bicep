metadata name = 'Cadence container registry'
metadata description = 'The Azure Container Registry the image is built into (az acr build) and pulled from with the app\'s managed identity; no admin user.'

// API versions: Microsoft.ContainerRegistry/registries@2025-04-01 as in Azure Verified Modules
// avm/res/container-registry/registry; roleAssignments@2022-04-01 and diagnosticSettings@2021-05-01-preview as in every AVM module.

@description('Required. Name of the registry (5 to 50 letters and digits; globally unique).')
@minLength(5)
@maxLength(50)
param name string

@description('Required. Principal (object) ID of the managed identity that pulls images (AcrPull).')
param pullPrincipalId string

@description('Required. Resource ID of the Log Analytics workspace.')
param workspaceResourceId string

@description('Optional. Registry SKU. Basic is enough for one image; Premium is needed for private endpoints.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

@description('Optional. Location for the registry.')
param location string = resourceGroup().location

@description('Optional. Tags for the registry.')
param tags object = {}

// Built-in role ID: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers
var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    // Pulls use the managed identity (https://learn.microsoft.com/azure/container-apps/managed-identity-image-pull);
    // no shared admin password exists to leak.
    adminUserEnabled: false
    anonymousPullEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, pullPrincipalId, acrPull)
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
    principalId: pullPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: '${name}-diagnosticSettings'
  scope: registry
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('The name of the registry.')
output name string = registry.name

@description('The resource ID of the registry.')
output resourceId string = registry.id

@description('The login server, e.g. crcadence1234.azurecr.io.')
output loginServer string = registry.properties.loginServer
