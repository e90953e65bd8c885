metadata name = 'Cadence Container Apps environment'
metadata description = 'A workload profiles Container Apps environment (Consumption profile) in the virtual network, sending container logs to Log Analytics.'

// API version: Microsoft.App/managedEnvironments@2024-03-01, the GA version in Microsoft's template reference
// (https://learn.microsoft.com/azure/templates/microsoft.app/managedenvironments); Azure Verified Modules
// avm/res/app/managed-environment sets the same properties (appLogsConfiguration, vnetConfiguration, workloadProfiles).

@description('Required. Name of the environment.')
param name string

@description('Required. Resource ID of the subnet delegated to Microsoft.App/environments.')
param infrastructureSubnetResourceId string

@description('Required. Name of the Log Analytics workspace that receives console and system logs.')
param workspaceName string

@description('Optional. Spread replicas across availability zones (needs a region with zones; fixed at creation).')
param zoneRedundant bool = false

@description('Optional. Location for the environment.')
param location string = resourceGroup().location

@description('Optional. Tags for the environment.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource managedEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    // Console output (Cadence's pino JSON lines) lands in ContainerAppConsoleLogs_CL
    // (https://learn.microsoft.com/azure/container-apps/log-monitoring).
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    // External: Azure Bot Service reaches /api/messages from the internet. The environment's
    // outbound traffic (Graph, Bot Framework, Key Vault) leaves through Azure's default route.
    vnetConfiguration: {
      internal: false
      infrastructureSubnetId: infrastructureSubnetResourceId
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: zoneRedundant
  }
}

@description('The name of the environment.')
output name string = managedEnvironment.name

@description('The resource ID of the environment.')
output resourceId string = managedEnvironment.id

@description('The environment\'s default domain: an app named X is served at X.<defaultDomain>.')
output defaultDomain string = managedEnvironment.properties.defaultDomain
