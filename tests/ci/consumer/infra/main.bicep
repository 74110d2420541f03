// The Bicep source of fixtures/iac/default-workspace.json (its `bicep build` output, hand-made:
// there is no Bicep CLI offline). The CI recipe tests copy that compiled template beside this
// file as infra/main.json, where `bicep build infra/main.bicep` writes it, and check that results
// point at the lines below.
@description('Region of every resource.')
param location string = resourceGroup().location
param storageAccountName string
param keyVaultName string
param registryName string
param appInsightsName string
param workspaceName string
param tags object
param enableDeleteLocks bool = false
param roleAssignments array = []

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    Flow_Type: 'Bluefield'
    Request_Source: 'rest'
    SamplingPercentage: null
    RetentionInDays: 90
    IngestionMode: 'ApplicationInsights'
    DisableIpMasking: false
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    sku: {
      family: 'A'
      name: 'standard'
    }
    tenantId: subscription().tenantId
    accessPolicies: [
      {
        tenantId: '7c1d4e2a-9b3f-4a6e-8d5c-2f0e1b9a7c43'
        objectId: '6a2f9d4c-1e83-4b07-a5d9-3c8e0b7f2a61'
        permissions: {
          keys: ['all']
          secrets: ['all']
          certificates: ['all']
          storage: []
        }
      }
    ]
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enableRbacAuthorization: false
    publicNetworkAccess: 'Enabled'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_0'
    allowBlobPublicAccess: true
    allowSharedKeyAccess: true
    allowCrossTenantReplication: true
    isHnsEnabled: false
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
      ipRules: []
      virtualNetworkRules: []
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true, keyType: 'Account' }
        file: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: true
    publicNetworkAccess: 'Enabled'
    anonymousPullEnabled: false
    networkRuleBypassOptions: 'AzureServices'
    networkRuleBypassAllowedForTasks: false
    policies: {
      quarantinePolicy: { status: 'disabled' }
      trustPolicy: { type: 'Notary', status: 'disabled' }
      retentionPolicy: { days: 7, status: 'disabled' }
      exportPolicy: { status: 'enabled' }
      azureADAuthenticationAsArmPolicy: { status: 'enabled' }
    }
    encryption: { status: 'disabled' }
    dataEndpointEnabled: false
    zoneRedundancy: 'Disabled'
    roleAssignmentMode: 'LegacyRegistryPermissions'
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2025-12-01' = {
  name: workspaceName
  location: location
  tags: tags
  kind: 'Default'
  sku: {
    name: 'Basic'
    tier: 'Basic'
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    friendlyName: 'mlw-campaign-sandbox'
    description: ''
    storageAccount: storage.id
    keyVault: keyVault.id
    containerRegistry: registry.id
    applicationInsights: appInsights.id
    hbiWorkspace: false
    allowPublicAccessWhenBehindVnet: false
    v1LegacyMode: false
    sharedPrivateLinkResources: []
    imageBuildCompute: null
  }

  resource instance 'computes' = {
    name: 'ci-jortega'
    location: location
    properties: {
      computeType: 'ComputeInstance'
      computeLocation: 'eastus'
      disableLocalAuth: false
      properties: {
        vmSize: 'STANDARD_DS11_V2'
        subnet: null
        enableNodePublicIp: true
        applicationSharingPolicy: 'Shared'
        sshSettings: {
          sshPublicAccess: 'Enabled'
          adminUserName: 'azureuser'
          sshPort: 4001
        }
        computeInstanceAuthorizationType: 'personal'
      }
    }
  }
}

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for grant in roleAssignments: {
  name: guid(resourceGroup().id, workspaceName, grant.principalId, grant.roleDefinitionId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
    principalId: grant.principalId
    principalType: grant.principalType
  }
}]

resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2025-12-01' = {
  parent: workspace
  name: 'ep-churn-score'
  location: location
  kind: 'Managed'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    authMode: 'Key'
    publicNetworkAccess: 'Enabled'
    traffic: {
      default: 100
    }
  }
}
