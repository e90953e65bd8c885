metadata name = 'Cadence Key Vault'
metadata description = 'The Key Vault holding Cadence\'s two secrets (database-url, graph-client-secret), with RBAC authorisation, soft delete and purge protection; the app\'s identity may read secrets and nothing else.'

// API versions: Microsoft.KeyVault/vaults@2024-11-01 and Microsoft.Insights/diagnosticSettings@2021-05-01-preview,
// as in Azure Verified Modules avm/res/key-vault/vault; Microsoft.Authorization/roleAssignments@2022-04-01 as in every AVM module.

@description('Required. Name of the Key Vault (3 to 24 letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Principal (object) ID of the managed identity that reads the secrets at run time.')
param secretsUserPrincipalId string

@description('Optional. Object ID of a person or group that may set the secrets (Key Vault Secrets Officer). With RBAC authorisation, creating the vault grants nobody access to its secrets.')
param secretsOfficerPrincipalId string = ''

@description('Optional. Whether secretsOfficerPrincipalId is a User or a Group.')
@allowed([
  'User'
  'Group'
])
param secretsOfficerPrincipalType string = 'User'

@description('Required. Resource ID of the Log Analytics workspace for the audit log.')
param workspaceResourceId string

@description('Optional. Location for the vault.')
param location string = resourceGroup().location

@description('Optional. Tags for the vault.')
param tags object = {}

// Built-in role IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Azure RBAC rather than access policies (https://learn.microsoft.com/azure/key-vault/general/rbac-guide).
    enableRbacAuthorization: true
    // Soft delete cannot be turned off on new vaults; purge protection, once on, cannot be turned off
    // (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview).
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Container Apps reads the secrets over the vault's public endpoint; RBAC decides who may.
    // A private endpoint would need the vault firewall closed and a private DNS zone: see infra/README.md.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, secretsUserPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: secretsUserPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerPrincipalId)) {
  name: guid(vault.id, secretsOfficerPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: secretsOfficerPrincipalId
    principalType: secretsOfficerPrincipalType
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: '${name}-diagnosticSettings'
  scope: vault
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

@description('The name of the Key Vault.')
output name string = vault.name

@description('The resource ID of the Key Vault.')
output resourceId string = vault.id

@description('The vault URI, ending in a slash (https://<name>.vault.azure.net/).')
output uri string = vault.properties.vaultUri
