metadata name = 'Cadence Azure Bot'
metadata description = 'The Azure Bot resource whose identity is the user-assigned managed identity, with its messaging endpoint on the container app and the Microsoft Teams channel.'

// API version: Microsoft.BotService/botServices@2022-09-15 (and botServices/channels), the GA version in
// Microsoft's template reference (https://learn.microsoft.com/azure/templates/microsoft.botservice/botservices).
// Azure Verified Modules has no bot-service module in the snapshot read; property names follow the template
// reference and Microsoft's own Teams samples (OfficeDev/Microsoft-Teams-Samples, infra/botRegistration/azurebot.bicep).

@description('Required. Name of the bot resource (2 to 64 characters; globally unique).')
param name string

@description('Optional. The name Teams shows for the bot.')
param displayName string = 'Cadence'

@description('Required. Host name of the container app; Teams messages go to https://<host>/api/messages.')
param botDomain string

@description('Required. Resource ID of the user-assigned managed identity that is the bot\'s identity.')
param identityResourceId string

@description('Required. Client ID of that identity: the bot id in the Teams manifest.')
param identityClientId string

@description('Required. Resource ID of the Log Analytics workspace.')
param workspaceResourceId string

@description('Optional. Pricing tier. Teams is a standard channel (https://azure.microsoft.com/pricing/details/bot-services/).')
@allowed([
  'F0'
  'S1'
])
param sku string = 'S1'

@description('Optional. Tags for the bot.')
param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  // Global data residency; the portal also offers regional ones
  // (https://learn.microsoft.com/azure/bot-service/abs-quickstart).
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: 'https://${botDomain}/api/messages'
    // A user-assigned managed identity: no secret to store or rotate. New multi-tenant bots cannot
    // be created after 31 July 2025 (https://learn.microsoft.com/azure/bot-service/abs-quickstart).
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: tenant().tenantId
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: '${name}-diagnosticSettings'
  scope: bot
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

@description('The name of the bot resource.')
output name string = bot.name

@description('The resource ID of the bot resource.')
output resourceId string = bot.id

@description('The messaging endpoint the bot resource was given.')
output endpoint string = bot.properties.endpoint
