metadata name = 'Cadence database'
metadata description = 'Azure Database for PostgreSQL flexible server (PostgreSQL 16) with private access only, TLS required, Microsoft Entra authentication only (no passwords), the council\'s DBA group and the migration identity as Entra administrators, and the database `cadence`.'

// API version: Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01 (with databases and configurations),
// as used by Azure Verified Modules avm/res/db-for-postgre-sql/flexible-server (Azure/bicep-registry-modules history);
// diagnosticSettings@2021-05-01-preview as in every AVM module.

@description('Required. Name of the server (3 to 63 lowercase letters, digits and hyphens; globally unique).')
@minLength(3)
@maxLength(63)
param name string

@description('Required. Object ID of the Entra group of the council\'s database administrators: an Entra administrator of the server.')
param adminGroupObjectId string

@description('Required. Display name of that group: the PostgreSQL role its members sign in as.')
param adminGroupName string

@description('Required. Principal (object) ID of the migration job\'s managed identity: the other Entra administrator.')
param migrationPrincipalId string

@description('Required. Name of that identity: the PostgreSQL role the migration job signs in as.')
param migrationPrincipalName string

@description('Required. Resource ID of the subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetResourceId string

@description('Required. Resource ID of the private DNS zone linked to the virtual network.')
param privateDnsZoneResourceId string

@description('Required. Resource ID of the Log Analytics workspace.')
param workspaceResourceId string

@description('Optional. Compute size. Burstable B-series suit a council\'s supervision data; move to General Purpose for zone-redundant high availability.')
param skuName string = 'Standard_B2s'

@description('Optional. Compute tier; must match skuName.')
@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param tier string = 'Burstable'

@description('Optional. Storage in GiB; it grows on its own when nearly full.')
param storageSizeGB int = 32

@description('Optional. Days of point-in-time backups (7 to 35).')
@minValue(7)
@maxValue(35)
param backupRetentionDays int = 35

@description('Optional. Geo-redundant backup (to the paired region). Can only be chosen when the server is created.')
@allowed([
  'Enabled'
  'Disabled'
])
param geoRedundantBackup string = 'Disabled'

@description('Optional. Location for the server.')
param location string = resourceGroup().location

@description('Optional. Tags for the server.')
param tags object = {}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: tier
  }
  properties: {
    version: '16'
    // Microsoft Entra authentication only: no password exists to leak, every sign-in is an Entra identity's,
    // and the roles are managed from Entra (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-azure-ad-authentication).
    // No administratorLogin: it is needed only with password authentication, as in Azure Verified Modules'
    // flexible-server, whose defaults these are. A server deployed by an earlier version of this file keeps its
    // password administrator, who can no longer sign in.
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: tenant().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup
    }
    // Burstable servers cannot have high availability
    // (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-high-availability).
    highAvailability: {
      mode: 'Disabled'
    }
    // Private access: the server is reachable only from inside the virtual network.
    // This choice is fixed when the server is created
    // (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private).
    network: {
      delegatedSubnetResourceId: delegatedSubnetResourceId
      privateDnsZoneArmResourceId: privateDnsZoneResourceId
      publicNetworkAccess: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: 'cadence'
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// On by default; set here so a change in the portal is put back on the next deployment
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls).
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [
    database
  ]
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: '${name}-diagnosticSettings'
  scope: server
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

// The Entra administrators (https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-manage-azure-ad-users),
// members of azure_pg_admin with CREATEROLE and CREATEDB. Bicep can make administrators but no other role: the
// migration job, as one, creates Cadence's own role, which is not one (docs/deploy.md, "The database roles").
// One operation at a time on the server, after the others: an administrator added while the server is still
// updating fails.
resource dbaGroup 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: adminGroupObjectId
  properties: {
    principalName: adminGroupName
    principalType: 'Group'
    tenantId: tenant().tenantId
  }
  dependsOn: [
    requireTls
  ]
}

resource migrationIdentity 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: migrationPrincipalId
  properties: {
    principalName: migrationPrincipalName
    principalType: 'ServicePrincipal'
    tenantId: tenant().tenantId
  }
  dependsOn: [
    dbaGroup
  ]
}

@description('The name of the server.')
output name string = server.name

@description('The resource ID of the server.')
output resourceId string = server.id

@description('The host name the app connects to (resolved through the private DNS zone inside the virtual network).')
output fqdn string = server.properties.fullyQualifiedDomainName

@description('The database Cadence uses.')
output databaseName string = database.name
