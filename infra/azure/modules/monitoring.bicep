metadata name = 'Cadence monitoring'
metadata description = 'A Log Analytics workspace for every log and metric, and a workspace-based Application Insights resource for availability tests.'

// API versions, both as used by Azure Verified Modules (Azure/bicep-registry-modules history):
// Microsoft.OperationalInsights/workspaces@2023-09-01 (avm/res/operational-insights/workspace) and
// Microsoft.Insights/components@2020-02-02 (avm/res/insights/component).

@description('Required. Name of the Log Analytics workspace.')
param workspaceName string

@description('Required. Name of the Application Insights resource.')
param appInsightsName string

@description('Optional. Location for both resources.')
param location string = resourceGroup().location

@description('Optional. Days the workspace keeps data (30 to 730).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 90

@description('Optional. Tags for both resources.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

// Workspace-based: support for classic Application Insights ended on 29 February 2024
// (https://learn.microsoft.com/azure/azure-monitor/app/create-new-resource).
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

@description('The name of the Log Analytics workspace.')
output workspaceName string = workspace.name

@description('The resource ID of the Log Analytics workspace: the destination of every diagnostic setting.')
output workspaceResourceId string = workspace.id

@description('The name of the Application Insights resource.')
output appInsightsName string = appInsights.name

@description('The resource ID of the Application Insights resource.')
output appInsightsResourceId string = appInsights.id
