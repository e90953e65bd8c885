metadata name = 'Cadence managed identity'
metadata description = 'The user-assigned managed identity Cadence runs as: the Azure Bot\'s identity (msaAppType UserAssignedMSI), the identity that pulls the image and reads Key Vault secrets.'

// API version: Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31, as used by
// Azure Verified Modules avm/res/managed-identity/user-assigned-identity (Azure/bicep-registry-modules history).

@description('Required. Name of the user-assigned managed identity.')
param name string

@description('Optional. Location for the identity.')
param location string = resourceGroup().location

@description('Optional. Tags for the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('The name of the identity.')
output name string = identity.name

@description('The resource ID of the identity.')
output resourceId string = identity.id

@description('The client (application) ID: MicrosoftAppId of the bot, and AZURE_CLIENT_ID of the app.')
output clientId string = identity.properties.clientId

@description('The object (principal) ID, for role assignments.')
output principalId string = identity.properties.principalId
