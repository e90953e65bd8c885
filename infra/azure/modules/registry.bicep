metadata name = 'Cadence container registry'
metadata description = 'The Azure Container Registry the image is imported into (az acr import) and pulled from with managed identities: Premium, no public network access, a private endpoint in the virtual network, no admin user, no anonymous pull.'

// API versions: Microsoft.ContainerRegistry/registries@2025-04-01 as in Azure Verified Modules
// avm/res/container-registry/registry; roleAssignments@2022-04-01 and diagnosticSettings@2021-05-01-preview as in every AVM module;
// Microsoft.Network/privateEndpoints@2024-05-01 (with privateDnsZoneGroups) as in avm/res/network/private-endpoint.

@description('Required. Name of the registry (5 to 50 letters and digits; globally unique).')
@minLength(5)
@maxLength(50)
param name string

@description('Required. Principal (object) IDs of the managed identities that pull images (AcrPull): the app\'s and the migration job\'s.')
param pullPrincipalIds array

@description('Required. Resource ID of the subnet the registry\'s private endpoint goes in.')
param privateEndpointSubnetResourceId string

@description('Required. Resource ID of the privatelink.azurecr.io private DNS zone linked to the virtual network.')
param privateDnsZoneResourceId string

@description('Required. Resource ID of the Log Analytics workspace.')
param workspaceResourceId string

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
  // Premium: the only tier with private endpoints and network rules
  // (https://learn.microsoft.com/azure/container-registry/container-registry-private-link).
  sku: {
    name: 'Premium'
  }
  properties: {
    // Pulls use the managed identities (https://learn.microsoft.com/azure/container-apps/managed-identity-image-pull);
    // no shared admin password exists to leak.
    adminUserEnabled: false
    anonymousPullEnabled: false
    // Reachable only through the private endpoint below, from inside the virtual network: where Container Apps
    // pulls from. So neither `az acr build` (ACR Tasks run outside it) nor `docker push` from a workstation can
    // reach it; the image comes in with `az acr import`, which Azure performs itself and which a registry with
    // public access disabled accepts when trusted services may bypass its network rules
    // (https://learn.microsoft.com/azure/container-registry/container-registry-import-images;
    // https://learn.microsoft.com/azure/container-registry/allow-access-trusted-services). docs/deploy.md says how.
    publicNetworkAccess: 'Disabled'
    networkRuleBypassOptions: 'AzureServices'
    networkRuleSet: {
      defaultAction: 'Deny'
      ipRules: []
    }
  }
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in pullPrincipalIds: {
    name: guid(registry.id, principalId, acrPull)
    scope: registry
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPull)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe-${name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetResourceId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${name}'
        properties: {
          privateLinkServiceId: registry.id
          groupIds: [
            'registry'
          ]
        }
      }
    ]
  }
}

// Keeps both <name>.azurecr.io and its regional data endpoint (<name>.<region>.data.azurecr.io) pointing at the
// endpoint's addresses in the linked zone.
resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'registry'
        properties: {
          privateDnsZoneId: privateDnsZoneResourceId
        }
      }
    ]
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
