metadata name = 'Cadence network'
metadata description = 'A virtual network with one subnet for the Container Apps environment, one delegated to PostgreSQL flexible server and one for the private endpoints of Key Vault and the container registry, and the private DNS zones all three are found by.'

// Why a virtual network at all: the database takes connections only from inside it
// ("private access", https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private),
// so nothing on the internet at large can reach it. Firewall rules were the alternative, but
// a Consumption Container Apps environment has no fixed outbound address to allow, and
// "allow Azure services" would admit every Azure customer's resources.
//
// Key Vault and the registry likewise take no traffic from the internet (publicNetworkAccess Disabled): each
// has a private endpoint in snet-private-endpoints, and a private DNS zone linked here makes its usual name
// (<vault>.vault.azure.net, <registry>.azurecr.io) resolve to that endpoint from inside the network. The zone
// names are the ones Microsoft gives for each service
// (https://learn.microsoft.com/azure/private-link/private-endpoint-dns).
//
// API versions, as used by Azure Verified Modules (Azure/bicep-registry-modules history):
// Microsoft.Network/virtualNetworks@2024-05-01 (avm/res/network/virtual-network) and
// Microsoft.Network/privateDnsZones@2020-06-01 with virtualNetworkLinks (avm/res/network/private-dns-zone).

@description('Required. Name of the virtual network.')
param name string

@description('Required. Name of the PostgreSQL flexible server that will use the private DNS zone (the zone is named after it).')
param postgresServerName string

@description('Optional. Location for the virtual network.')
param location string = resourceGroup().location

@description('Optional. Address space of the virtual network. Choose one that does not overlap the council\'s networks if it will ever be peered with them.')
param addressPrefix string = '10.40.0.0/16'

@description('Optional. Subnet for the Container Apps environment: at least /27 for a workload profiles environment (https://learn.microsoft.com/azure/container-apps/custom-virtual-networks).')
param appsSubnetPrefix string = '10.40.0.0/23'

@description('Optional. Subnet delegated to PostgreSQL flexible server.')
param postgresSubnetPrefix string = '10.40.2.0/24'

@description('Optional. Subnet for the private endpoints of Key Vault and the container registry.')
param privateEndpointsSubnetPrefix string = '10.40.3.0/24'

@description('Optional. Tags for the network resources.')
param tags object = {}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'snet-apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          // A workload profiles environment needs its subnet delegated to Microsoft.App/environments.
          delegations: [
            {
              name: 'Microsoft.App.environments'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'snet-postgres'
        properties: {
          addressPrefix: postgresSubnetPrefix
          delegations: [
            {
              name: 'Microsoft.DBforPostgreSQL.flexibleServers'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointsSubnetPrefix
        }
      }
    ]
  }
}

// The zone's name must end in .postgres.database.azure.com for a server with private access
// (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private).
resource privateDnsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: '${postgresServerName}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource privateDnsZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: privateDnsZone
  name: '${name}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

// Public cloud zone names; a sovereign cloud has others (same page as above).
var privateLinkZones = {
  keyVault: 'privatelink.vaultcore.azure.net'
  registry: 'privatelink.azurecr.io'
}

resource privateLinkZone 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for zone in items(privateLinkZones): {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource privateLinkZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (zone, i) in items(privateLinkZones): {
    parent: privateLinkZone[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

@description('The name of the virtual network.')
output name string = vnet.name

@description('The resource ID of the virtual network.')
output resourceId string = vnet.id

@description('The resource ID of the subnet for the Container Apps environment.')
output appsSubnetResourceId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'snet-apps')

@description('The resource ID of the subnet delegated to PostgreSQL flexible server.')
output postgresSubnetResourceId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'snet-postgres')

@description('The resource ID of the private DNS zone, linked to the virtual network.')
output postgresPrivateDnsZoneResourceId string = privateDnsZone.id

@description('The resource ID of the subnet for private endpoints.')
output privateEndpointsSubnetResourceId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'snet-private-endpoints')

@description('The resource ID of the privatelink.vaultcore.azure.net zone, linked to the virtual network.')
output keyVaultPrivateDnsZoneResourceId string = resourceId('Microsoft.Network/privateDnsZones', privateLinkZones.keyVault)

@description('The resource ID of the privatelink.azurecr.io zone, linked to the virtual network.')
output registryPrivateDnsZoneResourceId string = resourceId('Microsoft.Network/privateDnsZones', privateLinkZones.registry)
