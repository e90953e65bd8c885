metadata name = 'Cadence Key Vault'
metadata description = 'The Key Vault holding Cadence\'s one secret (graph-client-secret), with RBAC authorisation, soft delete and purge protection, no public network access and a private endpoint in the virtual network; the app\'s identity may read secrets and nothing else.'

// API versions: Microsoft.KeyVault/vaults@2024-11-01 and Microsoft.Insights/diagnosticSettings@2021-05-01-preview,
// as in Azure Verified Modules avm/res/key-vault/vault; Microsoft.Authorization/roleAssignments@2022-04-01 as in every AVM module;
// Microsoft.Network/privateEndpoints@2024-05-01 (with privateDnsZoneGroups), the virtual network's version, as in
// avm/res/network/private-endpoint.
//
// The database needs no secret here: Cadence signs in to PostgreSQL with its managed identity's token
// (docs/deploy.md, "Database"), so the vault holds the Graph app's client secret only.

@description('Required. Name of the Key Vault (3 to 24 letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Principal (object) ID of the managed identity that reads the secrets at run time.')
param secretsUserPrincipalId string

@description('Optional. The Cadence Graph app\'s client secret, written as the secret graph-client-secret. Empty: the secret is left as it is (give it at the first deployment and when it is renewed).')
@secure()
param graphClientSecret string = ''

@description('Required. Resource ID of the subnet the vault\'s private endpoint goes in.')
param privateEndpointSubnetResourceId string

@description('Required. Resource ID of the privatelink.vaultcore.azure.net private DNS zone linked to the virtual network.')
param privateDnsZoneResourceId string

@description('Required. Resource ID of the Log Analytics workspace for the audit log.')
param workspaceResourceId string

@description('Optional. Location for the vault.')
param location string = resourceGroup().location

@description('Optional. Tags for the vault.')
param tags object = {}

// Built-in role IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

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
    // No way in from the internet: Container Apps resolves the app's Key Vault reference inside the virtual
    // network, through the private endpoint below
    // (https://learn.microsoft.com/azure/key-vault/general/private-link-service). 'Disabled' overrides the
    // firewall rules; the rules say Deny as well, so re-enabling public access would still let nothing in
    // (https://learn.microsoft.com/azure/key-vault/general/network-security). No trusted-service bypass: no
    // Azure service needs the data plane, and the secret below is written through Azure Resource Manager.
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: []
      virtualNetworkRules: []
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

// Written by Azure Resource Manager with the deployer's rights (Contributor), which the vault's network rules
// do not stop (https://learn.microsoft.com/azure/key-vault/secrets/quick-create-bicep;
// https://github.com/MicrosoftDocs/azure-docs/issues/68668): so nobody has to reach the closed data plane
// from a workstation. A @secure() parameter is not kept in the deployment's history.
resource graphSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(graphClientSecret)) {
  parent: vault
  name: 'graph-client-secret'
  properties: {
    value: graphClientSecret
    contentType: 'Client secret of the Cadence Graph app registration'
  }
}

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
          privateLinkServiceId: vault.id
          groupIds: [
            'vault'
          ]
        }
      }
    ]
  }
}

// Keeps <name>.vault.azure.net pointing at the endpoint's address in the linked zone.
resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'vault'
        properties: {
          privateDnsZoneId: privateDnsZoneResourceId
        }
      }
    ]
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
