// The hand-written reference for `npm run bench`: the large AWS tier written by hand against the same bindings,
// without tierform (copied unchanged below this header from the project's shared reference, bench/proto-large-aws.js).
// tierform's one large AWS environment is measured against it, whole process, in the same bench run.
// Production "large tier" AWS stack (cdktf 0.21, @cdktf/provider-aws 21.22.1 = AWS provider 6.25.0 bindings),
// written to pass an OFFLINE `terraform validate` + `terraform plan -refresh=false` against hashicorp/aws 5.100.0.
// Run:  NODE_PATH=<a node_modules with cdktf 0.21 and @cdktf/provider-aws 21.22> node proto-large-aws.js   -> out/stacks/large/cdk.tf.json
// Deep imports only (never the provider package index).
"use strict";
const { App, TerraformStack, TerraformOutput, TerraformVariable, TerraformIterator, Token, Fn } = require("cdktf");
const L = (m) => require("@cdktf/provider-aws/lib/" + m);
const { AwsProvider } = L("provider");
const { Vpc } = L("vpc");
const { Subnet } = L("subnet");
const { InternetGateway } = L("internet-gateway");
const { Eip } = L("eip");
const { NatGateway } = L("nat-gateway");
const { RouteTable } = L("route-table");
const { Route } = L("route");
const { RouteTableAssociation } = L("route-table-association");
const { SecurityGroup } = L("security-group");
const { VpcSecurityGroupIngressRule } = L("vpc-security-group-ingress-rule");
const { VpcSecurityGroupEgressRule } = L("vpc-security-group-egress-rule");
const { IamRole } = L("iam-role");
const { IamRolePolicy } = L("iam-role-policy");
const { IamRolePolicyAttachment } = L("iam-role-policy-attachment");
const { IamInstanceProfile } = L("iam-instance-profile");
const { DataAwsIamPolicyDocument } = L("data-aws-iam-policy-document");
const { KmsKey } = L("kms-key");
const { KmsAlias } = L("kms-alias");
const { CloudwatchLogGroup } = L("cloudwatch-log-group");
const { EksCluster } = L("eks-cluster");
const { EksAddon } = L("eks-addon");
const { EksNodeGroup } = L("eks-node-group");
const { EksPodIdentityAssociation } = L("eks-pod-identity-association");
const { EksAccessEntry } = L("eks-access-entry");
const { EksAccessPolicyAssociation } = L("eks-access-policy-association");
const { DbSubnetGroup } = L("db-subnet-group");
const { DbParameterGroup } = L("db-parameter-group");
const { DbInstance } = L("db-instance");
const { RdsGlobalCluster } = L("rds-global-cluster");
const { RdsCluster } = L("rds-cluster");
const { RdsClusterInstance } = L("rds-cluster-instance");
const { ElasticacheSubnetGroup } = L("elasticache-subnet-group");
const { ElasticacheUser } = L("elasticache-user");
const { ElasticacheUserGroup } = L("elasticache-user-group");
const { ElasticacheReplicationGroup } = L("elasticache-replication-group");
const { ElasticacheGlobalReplicationGroup } = L("elasticache-global-replication-group");
const { S3Bucket } = L("s3-bucket");
const { S3BucketPublicAccessBlock } = L("s3-bucket-public-access-block");
const { S3BucketOwnershipControls } = L("s3-bucket-ownership-controls");
const { S3BucketServerSideEncryptionConfigurationA } = L("s3-bucket-server-side-encryption-configuration");
const { S3BucketVersioningA } = L("s3-bucket-versioning");
const { S3BucketPolicy } = L("s3-bucket-policy");
const { S3BucketLifecycleConfiguration } = L("s3-bucket-lifecycle-configuration");
const { DataAwsElbServiceAccount } = L("data-aws-elb-service-account");
const { FlowLog } = L("flow-log");
const { CloudfrontOriginAccessControl } = L("cloudfront-origin-access-control");
const { CloudfrontDistribution } = L("cloudfront-distribution");
const { AcmCertificate } = L("acm-certificate");
const { AcmCertificateValidation } = L("acm-certificate-validation");
const { LaunchTemplate } = L("launch-template");
const { Lb } = L("lb");
const { LbTargetGroup } = L("lb-target-group");
const { LbListener } = L("lb-listener");
const { AutoscalingGroup } = L("autoscaling-group");
const { Wafv2WebAcl } = L("wafv2-web-acl");
const { Route53Zone } = L("route53-zone");
const { Route53Record } = L("route53-record");
const { Route53HealthCheck } = L("route53-health-check");
const { GlobalacceleratorAccelerator } = L("globalaccelerator-accelerator");
const { GlobalacceleratorListener } = L("globalaccelerator-listener");
const { GlobalacceleratorEndpointGroup } = L("globalaccelerator-endpoint-group");

// ---- Constants (offline-safe literals instead of API-backed data sources) ----
const NAME = "prod-large";
const REGION = "us-west-2";
const DR_REGION = "us-east-1";
const AZS = ["us-west-2a", "us-west-2b", "us-west-2c"];          // instead of data.aws_availability_zones
const DR_AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];
const DOMAIN = "large.example.com";
const EKS_VERSION = "1.33";
// ElastiCache engine: redis 7.1 by default; CACHE_ENGINE=valkey switches to Valkey 8.0 (both plan offline with 5.100).
const VALKEY = process.env.CACHE_ENGINE === "valkey";
const CACHE = VALKEY ? { engine: "valkey", version: "8.0", pg: "default.valkey8.cluster.on" }
                     : { engine: "redis", version: "7.1", pg: "default.redis7.cluster.on" };
// AWS-managed CloudFront policy IDs (instead of data.aws_cloudfront_cache_policy / _origin_request_policy)
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
// Fixed hosted-zone IDs for alias targets (documented AWS constants)
const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";
const ALB_ZONE_ID_USE1 = "Z35SXDOTRQ7X7K";
const GA_ZONE_ID = "Z2BJ6XQ5FK7U4H";
const P = "arn:aws:iam::aws:policy/";

const assume = (service, actions = ["sts:AssumeRole"]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions }] });

class LargeStack extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);
    const tags = { Environment: "prod", Tier: "large", ManagedBy: "cdktf" };
    new AwsProvider(this, "aws", { region: REGION, defaultTags: [{ tags }] });
    const use1 = new AwsProvider(this, "aws_use1", { alias: "use1", region: DR_REGION, defaultTags: [{ tags }] });

    // Inputs: every variable has a default, because an offline plan (aws_plan.sh) passes no -var.
    const adminRoleArn = new TerraformVariable(this, "admin_role_arn", {
      type: "string", default: "arn:aws:iam::111122223333:role/platform-admin",
      description: "IAM role granted EKS cluster-admin through an access entry",
    });
    const apiAllowCidrs = new TerraformVariable(this, "eks_public_access_cidrs", {
      type: "list(string)", default: ["203.0.113.0/24", "198.51.100.0/24"],
      description: "CIDRs allowed to reach the public EKS API endpoint",
    });
    const drAlbDnsName = new TerraformVariable(this, "dr_alb_dns_name", {
      type: "string", default: "prod-large-dr-alb-123456789.us-east-1.elb.amazonaws.com",
      description: "DNS name of the us-east-1 (DR) ALB, deployed by the DR stack",
    });
    const auroraPassword = new TerraformVariable(this, "aurora_master_password", {
      type: "string", sensitive: true, nullable: false,
      // Aurora global databases cannot use manage_master_user_password (Secrets Manager integration is unsupported
      // for clusters in a global database). Supply it with TF_VAR_aurora_master_password; the default only exists so
      // that the offline plan has a value. It is sent through the write-only argument, so it never lands in state.
      default: "offline-plan-placeholder-rotate-me",
    });
    auroraPassword.addOverride("ephemeral", true);   // TF >= 1.10: never written to plan or state (cdktf has no prop for it)
    // Warn (not fail) when the placeholder is still in use, so the offline plan passes but a real run is flagged.
    this.addOverride("check", { aurora_password_overridden: { assert: [{
      condition: "${var.aurora_master_password != \"offline-plan-placeholder-rotate-me\"}",
      error_message: "Set TF_VAR_aurora_master_password; the placeholder default must not reach a real apply." }] } });

    // ================= 1. Network =================
    const vpc = new Vpc(this, "vpc", {
      cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${NAME}-vpc` },
    });
    const igw = new InternetGateway(this, "igw", { vpcId: vpc.id, tags: { Name: `${NAME}-igw` } });
    const publicRt = new RouteTable(this, "public_rt", { vpcId: vpc.id, tags: { Name: `${NAME}-public` } });
    new Route(this, "public_default", { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
    const publicSubnets = [], privateSubnets = [];
    AZS.forEach((az, i) => {
      const pub = new Subnet(this, `public_${i}`, {
        vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.0.${i}.0/24`, mapPublicIpOnLaunch: true,
        tags: { Name: `${NAME}-public-${az}`, "kubernetes.io/role/elb": "1", [`kubernetes.io/cluster/${NAME}`]: "shared" },
      });
      const priv = new Subnet(this, `private_${i}`, {
        vpcId: vpc.id, availabilityZone: az, cidrBlock: `10.0.${32 * (i + 1)}.0/19`,
        tags: { Name: `${NAME}-private-${az}`, "kubernetes.io/role/internal-elb": "1", [`kubernetes.io/cluster/${NAME}`]: "shared",
                "karpenter.sh/discovery": NAME },
      });
      publicSubnets.push(pub); privateSubnets.push(priv);
      new RouteTableAssociation(this, `public_assoc_${i}`, { subnetId: pub.id, routeTableId: publicRt.id });
      const eip = new Eip(this, `nat_eip_${i}`, { domain: "vpc", tags: { Name: `${NAME}-nat-${az}` }, dependsOn: [igw] });
      const nat = new NatGateway(this, `nat_${i}`, {
        allocationId: eip.allocationId, subnetId: pub.id, connectivityType: "public",
        tags: { Name: `${NAME}-nat-${az}` }, dependsOn: [igw],
      });
      const rt = new RouteTable(this, `private_rt_${i}`, { vpcId: vpc.id, tags: { Name: `${NAME}-private-${az}` } });
      new Route(this, `private_default_${i}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
      new RouteTableAssociation(this, `private_assoc_${i}`, { subnetId: priv.id, routeTableId: rt.id });
    });
    const privateIds = privateSubnets.map((s) => s.id);
    const flowLogGroup = new CloudwatchLogGroup(this, "vpc_flow_logs", { name: `/aws/vpc/${NAME}/flow-logs`, retentionInDays: 90 });
    const flowRole = new IamRole(this, "vpc_flow_role", { name: `${NAME}-vpc-flow-logs`, assumeRolePolicy: assume("vpc-flow-logs.amazonaws.com") });
    new IamRolePolicy(this, "vpc_flow_policy", { role: flowRole.id, name: "flow-logs", policy: JSON.stringify({ Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Resource: `${flowLogGroup.arn}:*`,
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"] }] }) });
    new FlowLog(this, "vpc_flow", { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn, iamRoleArn: flowRole.arn, maxAggregationInterval: 60 });
    const publicIds = publicSubnets.map((s) => s.id);

    // ================= 2. EKS =================
    const eksKey = new KmsKey(this, "eks_kms", {
      description: `${NAME} EKS secrets envelope encryption`, enableKeyRotation: true, deletionWindowInDays: 30,
    });
    new KmsAlias(this, "eks_kms_alias", { name: `alias/${NAME}-eks`, targetKeyId: eksKey.keyId });
    const clusterRole = new IamRole(this, "eks_cluster_role", {
      name: `${NAME}-eks-cluster`, assumeRolePolicy: assume("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
    });
    const clusterAttachments = ["AmazonEKSClusterPolicy", "AmazonEKSVPCResourceController"].map((p) =>
      new IamRolePolicyAttachment(this, `eks_cluster_${p}`, { role: clusterRole.name, policyArn: P + p }));
    const clusterLogs = new CloudwatchLogGroup(this, "eks_cluster_logs", {
      name: `/aws/eks/${NAME}/cluster`, retentionInDays: 90,
    });
    const cluster = new EksCluster(this, "eks", {
      name: NAME, version: EKS_VERSION, roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: privateIds, endpointPrivateAccess: true, endpointPublicAccess: true,
        publicAccessCidrs: apiAllowCidrs.listValue,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      upgradePolicy: { supportType: "STANDARD" },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: eksKey.arn } },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
      bootstrapSelfManagedAddons: false,
      // deletionProtection: true,  // 6.x-only: "Extraneous JSON object property" with the 5.100 mirror;
      lifecycle: { preventDestroy: true },  // 5.100-compatible guard instead (Terraform-side, not API-side)
      dependsOn: [...clusterAttachments, clusterLogs],
    });
    const clusterSgId = cluster.vpcConfig.clusterSecurityGroupId;

    new EksAccessEntry(this, "admin_access", { clusterName: cluster.name, principalArn: adminRoleArn.stringValue, type: "STANDARD" });
    new EksAccessPolicyAssociation(this, "admin_access_policy", {
      clusterName: cluster.name, principalArn: adminRoleArn.stringValue,
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" },
    });

    // Node role: trust policy built with aws_iam_policy_document (a data source computed locally -> offline-safe).
    const nodeAssume = new DataAwsIamPolicyDocument(this, "node_assume", {
      statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }],
    });
    const nodeRole = new IamRole(this, "eks_node_role", { name: `${NAME}-eks-node`, assumeRolePolicy: nodeAssume.json });
    const nodeAttachments = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly",
      "AmazonSSMManagedInstanceCore"].map((p) =>
      new IamRolePolicyAttachment(this, `eks_node_${p}`, { role: nodeRole.name, policyArn: P + p }));

    const addon = (name, extra = {}) => new EksAddon(this, `addon_${name.replace(/-/g, "_")}`, {
      clusterName: cluster.name, addonName: name,
      resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "PRESERVE", ...extra,
    });
    // Addons needed before nodes can join (CNI, kube-proxy, pod identity agent)
    const vpcCni = addon("vpc-cni", {
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true", env: { ENABLE_PREFIX_DELEGATION: "true" } }),
    });
    const kubeProxy = addon("kube-proxy");
    const podIdAgent = addon("eks-pod-identity-agent");

    const ng = (id, cfg) => new EksNodeGroup(this, `ng_${id}`, {
      clusterName: cluster.name, nodeGroupName: `${NAME}-${id}`, nodeRoleArn: nodeRole.arn, subnetIds: privateIds,
      updateConfig: { maxUnavailablePercentage: 33 },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: [...nodeAttachments, vpcCni, kubeProxy, podIdAgent],
      ...cfg,
    });
    const ngGeneral = ng("general", {
      amiType: "AL2023_x86_64_STANDARD", capacityType: "ON_DEMAND", instanceTypes: ["m6i.xlarge"], diskSize: 100,
      scalingConfig: { minSize: 3, maxSize: 20, desiredSize: 3 }, labels: { workload: "general" },
    });
    const ngGpu = ng("gpu", {
      amiType: "AL2023_x86_64_NVIDIA", capacityType: "ON_DEMAND", instanceTypes: ["g4dn.xlarge"], diskSize: 200,
      scalingConfig: { minSize: 1, maxSize: 5, desiredSize: 1 }, labels: { workload: "gpu", "nvidia.com/gpu.present": "true" },
      taint: [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
    });
    const ngSpot = ng("spot", {
      amiType: "AL2023_x86_64_STANDARD", capacityType: "SPOT",
      instanceTypes: ["m6i.xlarge", "m6a.xlarge", "m5.xlarge", "m5a.xlarge", "m7i.xlarge"], diskSize: 100,
      scalingConfig: { minSize: 0, maxSize: 10, desiredSize: 1 }, labels: { workload: "spot" },
      taint: [{ key: "capacity", value: "spot", effect: "PREFER_NO_SCHEDULE" }],
    });
    const nodeGroups = [ngGeneral, ngGpu, ngSpot];

    // Pod-identity roles
    const podAssume = assume("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]);
    const ebsCsiRole = new IamRole(this, "ebs_csi_role", { name: `${NAME}-ebs-csi`, assumeRolePolicy: podAssume });
    new IamRolePolicyAttachment(this, "ebs_csi_policy", { role: ebsCsiRole.name, policyArn: P + "service-role/AmazonEBSCSIDriverPolicy" });
    // Addons that need running nodes
    addon("coredns", { dependsOn: nodeGroups });
    addon("aws-ebs-csi-driver", {
      podIdentityAssociation: [{ roleArn: ebsCsiRole.arn, serviceAccount: "ebs-csi-controller-sa" }],
      dependsOn: [...nodeGroups, podIdAgent],
    });

    const caRole = new IamRole(this, "cluster_autoscaler_role", { name: `${NAME}-cluster-autoscaler`, assumeRolePolicy: podAssume });
    new IamRolePolicy(this, "cluster_autoscaler_policy", {
      role: caRole.id, name: "cluster-autoscaler",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Resource: "*", Action: [
            "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags",
            "ec2:DescribeImages", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements", "eks:DescribeNodegroup"] },
          { Effect: "Allow", Resource: "*", Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${NAME}`]: "owned" } } },
        ],
      }),
    });
    new EksPodIdentityAssociation(this, "cluster_autoscaler_pia", {
      clusterName: cluster.name, namespace: "kube-system", serviceAccount: "cluster-autoscaler", roleArn: caRole.arn,
      dependsOn: [podIdAgent],
    });

    // ================= 3. RDS PostgreSQL 16 =================
    const rdsKey = new KmsKey(this, "rds_kms", { description: `${NAME} RDS storage/PI`, enableKeyRotation: true, deletionWindowInDays: 30 });
    new KmsAlias(this, "rds_kms_alias", { name: `alias/${NAME}-rds`, targetKeyId: rdsKey.keyId });
    const dbSubnets = new DbSubnetGroup(this, "db_subnets", { name: `${NAME}-db`, subnetIds: privateIds });
    const dbSg = new SecurityGroup(this, "db_sg", { name: `${NAME}-postgres`, description: "PostgreSQL from EKS", vpcId: vpc.id });
    new VpcSecurityGroupIngressRule(this, "db_from_eks", {
      securityGroupId: dbSg.id, referencedSecurityGroupId: clusterSgId, ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
      description: "PostgreSQL from EKS cluster security group",
    });
    const pg = new DbParameterGroup(this, "pg16", {
      name: `${NAME}-postgres16`, family: "postgres16", description: "prod large postgres16",
      parameter: [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: "500", applyMethod: "immediate" },
        { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoringRole = new IamRole(this, "rds_monitoring_role", {
      name: `${NAME}-rds-monitoring`, assumeRolePolicy: assume("monitoring.rds.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "rds_monitoring_attach", {
      role: monitoringRole.name, policyArn: P + "service-role/AmazonRDSEnhancedMonitoringRole",
    });
    const db = new DbInstance(this, "postgres", {
      identifier: `${NAME}-pg`, engine: "postgres", engineVersion: "16.8", instanceClass: "db.r6g.2xlarge",
      dbName: "app", username: "pgadmin", manageMasterUserPassword: true, masterUserSecretKmsKeyId: rdsKey.arn,
      allocatedStorage: 1000, maxAllocatedStorage: 4000, storageType: "gp3", iops: 12000, storageThroughput: 500,
      storageEncrypted: true, kmsKeyId: rdsKey.arn,
      multiAz: true, dbSubnetGroupName: dbSubnets.name, vpcSecurityGroupIds: [dbSg.id], publiclyAccessible: false,
      parameterGroupName: pg.name, caCertIdentifier: "rds-ca-rsa2048-g1", iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: 14, backupWindow: "07:00-08:00", maintenanceWindow: "sun:08:30-sun:09:30",
      copyTagsToSnapshot: true, deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: `${NAME}-pg-final`,
      deleteAutomatedBackups: false, autoMinorVersionUpgrade: true, allowMajorVersionUpgrade: false,
      performanceInsightsEnabled: true, performanceInsightsKmsKeyId: rdsKey.arn, performanceInsightsRetentionPeriod: 465,
      databaseInsightsMode: "advanced",
      monitoringInterval: 30, monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    });
    const dbReplica = new DbInstance(this, "postgres_replica", {
      identifier: `${NAME}-pg-replica-1`, replicateSourceDb: db.identifier, instanceClass: "db.r6g.2xlarge",
      storageType: "gp3", iops: 12000, storageThroughput: 500, maxAllocatedStorage: 4000,
      storageEncrypted: true, kmsKeyId: rdsKey.arn, vpcSecurityGroupIds: [dbSg.id], parameterGroupName: pg.name,
      availabilityZone: AZS[1], publiclyAccessible: false, multiAz: false, caCertIdentifier: "rds-ca-rsa2048-g1",
      performanceInsightsEnabled: true, performanceInsightsKmsKeyId: rdsKey.arn, performanceInsightsRetentionPeriod: 465,
      databaseInsightsMode: "advanced",
      monitoringInterval: 30, monitoringRoleArn: monitoringRole.arn,
      autoMinorVersionUpgrade: true, deletionProtection: true, skipFinalSnapshot: true, // replicas cannot take a final snapshot
    });

    // ================= 4. ElastiCache (cluster mode, IAM auth, no passwords) =================
    const cacheKey = new KmsKey(this, "cache_kms", { description: `${NAME} ElastiCache at-rest`, enableKeyRotation: true });
    const cacheSubnets = new ElasticacheSubnetGroup(this, "cache_subnets", { name: `${NAME}-cache`, subnetIds: privateIds });
    const cacheSg = new SecurityGroup(this, "cache_sg", { name: `${NAME}-redis`, description: "Redis from EKS", vpcId: vpc.id });
    new VpcSecurityGroupIngressRule(this, "cache_from_eks", {
      securityGroupId: cacheSg.id, referencedSecurityGroupId: clusterSgId, ipProtocol: "tcp", fromPort: 6379, toPort: 6379,
    });
    // A user group must contain a user whose user_name is "default": make it disabled ("off") and password-less.
    const cacheDefault = new ElasticacheUser(this, "cache_default_user", {
      userId: `${NAME}-default`, userName: "default", engine: CACHE.engine, accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    // IAM auth: user_id must equal user_name; clients sign a token with elasticache:Connect.
    const cacheApp = new ElasticacheUser(this, "cache_app_user", {
      userId: "app-iam", userName: "app-iam", engine: CACHE.engine, accessString: "on ~* +@all -@dangerous",
      authenticationMode: { type: "iam" },
    });
    const cacheUsers = new ElasticacheUserGroup(this, "cache_user_group", {
      userGroupId: `${NAME}-users`, engine: CACHE.engine, userIds: [cacheDefault.userId, cacheApp.userId],
    });
    const cacheLogs = new CloudwatchLogGroup(this, "cache_slowlog", { name: `/aws/elasticache/${NAME}/slow-log`, retentionInDays: 30 });
    const redis = new ElasticacheReplicationGroup(this, "redis", {
      replicationGroupId: `${NAME}-redis`, description: "prod large redis (cluster mode enabled)",
      engine: CACHE.engine, engineVersion: CACHE.version, nodeType: "cache.r6g.xlarge", port: 6379,
      parameterGroupName: CACHE.pg, clusterMode: "enabled",
      numNodeGroups: 3, replicasPerNodeGroup: 1,
      automaticFailoverEnabled: true, multiAzEnabled: true,
      transitEncryptionEnabled: true, transitEncryptionMode: "required",
      atRestEncryptionEnabled: "true", kmsKeyId: cacheKey.arn,
      userGroupIds: [cacheUsers.userGroupId],
      subnetGroupName: cacheSubnets.name, securityGroupIds: [cacheSg.id],
      snapshotRetentionLimit: 7, snapshotWindow: "05:00-06:00", maintenanceWindow: "sun:06:30-sun:07:30",
      autoMinorVersionUpgrade: "true", applyImmediately: false,
      logDeliveryConfiguration: [{ destinationType: "cloudwatch-logs", destination: cacheLogs.name, logFormat: "json", logType: "slow-log" }],
    });

    // App workload identity: IAM auth to Redis and Postgres. The account id is taken from a resource ARN
    // (offline-safe) instead of data.aws_caller_identity, which needs STS.
    const accountId = Fn.element(Fn.split(":", db.arn), 4);
    const appPodRole = new IamRole(this, "app_pod_role", { name: `${NAME}-app-pod`, assumeRolePolicy: podAssume });
    new IamRolePolicy(this, "app_pod_policy", { role: appPodRole.id, name: "datastores", policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "elasticache:Connect", Resource: [redis.arn, cacheApp.arn] },
        { Effect: "Allow", Action: "rds-db:connect", Resource: `arn:aws:rds-db:${REGION}:${accountId}:dbuser:${db.resourceId}/app_iam` },
      ] }) });
    new EksPodIdentityAssociation(this, "app_pia", {
      clusterName: cluster.name, namespace: "app", serviceAccount: "app", roleArn: appPodRole.arn, dependsOn: [podIdAgent],
    });

    // ================= 6. Medium-tier pieces: LT + ALB + ASG =================
    const zone = new Route53Zone(this, "zone", { name: DOMAIN, comment: "prod large public zone" });
    const dnsValidated = (id, domain, provider) => {
      const cert = new AcmCertificate(this, `${id}_cert`, {
        domainName: domain, validationMethod: "DNS", keyAlgorithm: "RSA_2048", provider,
        lifecycle: { createBeforeDestroy: true },
      });
      const it = TerraformIterator.fromComplexList(cert.domainValidationOptions, "domain_name");
      const recs = new Route53Record(this, `${id}_cert_validation`, {
        forEach: it, zoneId: zone.zoneId, allowOverwrite: true, ttl: 60,
        name: it.getString("resource_record_name"), type: it.getString("resource_record_type"),
        records: [it.getString("resource_record_value")],
      });
      return new AcmCertificateValidation(this, `${id}_cert_valid`, {
        certificateArn: cert.arn, provider,
        validationRecordFqdns: Token.asList(TerraformIterator.fromResources(recs).pluckProperty("fqdn")),
      });
    };
    const apiCert = dnsValidated("api", `api.${DOMAIN}`);

    const albSg = new SecurityGroup(this, "alb_sg", { name: `${NAME}-alb`, description: "public ALB", vpcId: vpc.id });
    [80, 443].forEach((port) => new VpcSecurityGroupIngressRule(this, `alb_in_${port}`, {
      securityGroupId: albSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: port, toPort: port,
      description: "HTTP(S) from internet, CloudFront and Global Accelerator",
    }));
    const appSg = new SecurityGroup(this, "app_sg", { name: `${NAME}-app`, description: "app instances", vpcId: vpc.id });
    new VpcSecurityGroupEgressRule(this, "alb_to_app", {
      securityGroupId: albSg.id, referencedSecurityGroupId: appSg.id, ipProtocol: "tcp", fromPort: 8080, toPort: 8080,
    });
    new VpcSecurityGroupIngressRule(this, "app_from_alb", {
      securityGroupId: appSg.id, referencedSecurityGroupId: albSg.id, ipProtocol: "tcp", fromPort: 8080, toPort: 8080,
    });
    new VpcSecurityGroupEgressRule(this, "app_egress", { securityGroupId: appSg.id, cidrIpv4: "0.0.0.0/0", ipProtocol: "-1" });

    const appRole = new IamRole(this, "app_role", { name: `${NAME}-app-ec2`, assumeRolePolicy: assume("ec2.amazonaws.com") });
    new IamRolePolicyAttachment(this, "app_ssm", { role: appRole.name, policyArn: P + "AmazonSSMManagedInstanceCore" });
    const appProfile = new IamInstanceProfile(this, "app_profile", { name: `${NAME}-app-ec2`, role: appRole.name });

    const userData = [
      "#!/bin/bash", "set -euo pipefail", "dnf -y update", "dnf -y install nginx",
      "sed -i 's/listen       80;/listen       8080;/' /etc/nginx/nginx.conf",
      "echo ok > /usr/share/nginx/html/healthz", "systemctl enable --now nginx",
    ].join("\n");
    const lt = new LaunchTemplate(this, "app_lt", {
      namePrefix: `${NAME}-app-`, updateDefaultVersion: true,
      imageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      instanceType: "m6i.large", vpcSecurityGroupIds: [appSg.id], iamInstanceProfile: { arn: appProfile.arn },
      userData: Fn.base64encode(userData), ebsOptimized: "true",
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "enabled" },
      blockDeviceMappings: [{ deviceName: "/dev/xvda",
        ebs: { volumeSize: 30, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true", iops: 3000, throughput: 125 } }],
      monitoring: { enabled: true },
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${NAME}-app` } },
                          { resourceType: "volume", tags: { Name: `${NAME}-app` } }],
    });
    const elbAccount = new DataAwsElbServiceAccount(this, "elb_account", {});   // static per-region table: no API call
    const albLogs = new S3Bucket(this, "alb_logs", { bucket: `${NAME}-alb-logs-usw2` });
    new S3BucketPublicAccessBlock(this, "alb_logs_pab", {
      bucket: albLogs.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "alb_logs_sse", {   // ALB access logs require SSE-S3
      bucket: albLogs.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    new S3BucketLifecycleConfiguration(this, "alb_logs_lifecycle", { bucket: albLogs.id,
      rule: [{ id: "expire", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days: 90 }] }] });
    const albLogsPolicy = new S3BucketPolicy(this, "alb_logs_policy", { bucket: albLogs.id, policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: elbAccount.arn }, Action: "s3:PutObject", Resource: `${albLogs.arn}/alb/*` }] }) });
    const alb = new Lb(this, "alb", {
      name: `${NAME}-alb`, loadBalancerType: "application", internal: false, securityGroups: [albSg.id], subnets: publicIds,
      dropInvalidHeaderFields: true, enableDeletionProtection: true, idleTimeout: 60, ipAddressType: "ipv4",
      accessLogs: { bucket: albLogs.id, prefix: "alb", enabled: true }, dependsOn: [albLogsPolicy],
    });
    const tg = new LbTargetGroup(this, "app_tg", {
      name: `${NAME}-app`, port: 8080, protocol: "HTTP", vpcId: vpc.id, targetType: "instance", deregistrationDelay: "30",
      healthCheck: { enabled: true, path: "/healthz", port: "traffic-port", protocol: "HTTP", matcher: "200",
        interval: 15, timeout: 5, healthyThreshold: 3, unhealthyThreshold: 3 },
    });
    new LbListener(this, "http", {
      loadBalancerArn: alb.arn, port: 80, protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
    });
    new LbListener(this, "https", {
      loadBalancerArn: alb.arn, port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: apiCert.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: tg.arn }],
    });
    new AutoscalingGroup(this, "app_asg", {
      name: `${NAME}-app`, minSize: 3, maxSize: 6, desiredCapacity: 3, vpcZoneIdentifier: privateIds,
      targetGroupArns: [tg.arn], healthCheckType: "ELB", healthCheckGracePeriod: 300,
      launchTemplate: { id: lt.id, version: lt.latestVersion.toString() },
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 90 } },
      enabledMetrics: ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupTotalInstances"],
      tag: [{ key: "Name", value: `${NAME}-app`, propagateAtLaunch: true }],
      lifecycle: { ignoreChanges: ["desired_capacity"] },
    });

    // ================= 5. CloudFront + private S3 =================
    const bucket = new S3Bucket(this, "static", { bucket: `${NAME}-static-assets-usw2` });
    new S3BucketPublicAccessBlock(this, "static_pab", {
      bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "static_own", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "static_sse", {
      bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    });
    new S3BucketVersioningA(this, "static_versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
    const oac = new CloudfrontOriginAccessControl(this, "oac", {
      name: `${NAME}-static`, description: "OAC for static bucket",
      originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4",
    });

    // WAF for CloudFront must live in us-east-1 (scope CLOUDFRONT) -> provider alias.
    const vis = (n) => ({ cloudwatchMetricsEnabled: true, metricName: n, sampledRequestsEnabled: true });
    const managed = (name, priority) => ({
      name, priority, overrideAction: { none: {} }, visibilityConfig: vis(name),
      statement: { managed_rule_group_statement: { name, vendor_name: "AWS" } },   // `statement` is typed any: snake_case keys!
    });
    const waf = new Wafv2WebAcl(this, "waf", {
      provider: use1, name: `${NAME}-cf`, scope: "CLOUDFRONT", defaultAction: { allow: {} },
      visibilityConfig: vis(`${NAME}-cf`),
      rule: [
        managed("AWSManagedRulesCommonRuleSet", 1),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
        managed("AWSManagedRulesAmazonIpReputationList", 3),
        { name: "rate-limit", priority: 10, action: { block: {} }, visibilityConfig: vis("rate-limit"),
          statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP" } } },
      ],
    });
    // A viewer certificate for a CloudFront alias must be in us-east-1.
    const cfCert = dnsValidated("cf", `app.${DOMAIN}`, use1);
    const cdn = new CloudfrontDistribution(this, "cdn", {
      enabled: true, isIpv6Enabled: true, httpVersion: "http2and3", priceClass: "PriceClass_100", comment: `${NAME} edge`,
      defaultRootObject: "index.html", aliases: [`app.${DOMAIN}`], webAclId: waf.arn,
      origin: [
        { originId: "s3-static", domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
        { originId: "alb-api", domainName: `api.${DOMAIN}`,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } },
      ],
      defaultCacheBehavior: {
        targetOriginId: "s3-static", viewerProtocolPolicy: "redirect-to-https", compress: true,
        allowedMethods: ["GET", "HEAD", "OPTIONS"], cachedMethods: ["GET", "HEAD"], cachePolicyId: CACHING_OPTIMIZED,
      },
      orderedCacheBehavior: [{
        pathPattern: "/api/*", targetOriginId: "alb-api", viewerProtocolPolicy: "redirect-to-https", compress: true,
        allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"], cachedMethods: ["GET", "HEAD"],
        cachePolicyId: CACHING_DISABLED, originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      }],
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { acmCertificateArn: cfCert.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    });
    new S3BucketPolicy(this, "static_policy", {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Sid: "AllowCloudFrontOAC", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject", Resource: `${bucket.arn}/*`, Condition: { StringEquals: { "AWS:SourceArn": cdn.arn } },
        }, {
          Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
          Resource: [bucket.arn, `${bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
      }),
    });

    // ================= 7. Enterprise extras =================
    // DR network in us-east-1 (needed by the Aurora secondary and the ElastiCache secondary)
    const drVpc = new Vpc(this, "dr_vpc", { provider: use1, cidrBlock: "10.1.0.0/16", enableDnsHostnames: true, enableDnsSupport: true,
      tags: { Name: `${NAME}-dr-vpc` } });
    const drPrivate = DR_AZS.map((az, i) => new Subnet(this, `dr_private_${i}`, {
      provider: use1, vpcId: drVpc.id, availabilityZone: az, cidrBlock: `10.1.${32 * (i + 1)}.0/19`, tags: { Name: `${NAME}-dr-private-${az}` },
    }));
    const drDbSg = new SecurityGroup(this, "dr_db_sg", { provider: use1, name: `${NAME}-dr-aurora`, description: "Aurora DR", vpcId: drVpc.id });
    new VpcSecurityGroupIngressRule(this, "dr_db_in", { provider: use1, securityGroupId: drDbSg.id, cidrIpv4: "10.1.0.0/16",
      ipProtocol: "tcp", fromPort: 5432, toPort: 5432 });

    // Aurora PostgreSQL global database
    const auroraKey = new KmsKey(this, "aurora_kms", { description: `${NAME} Aurora primary`, enableKeyRotation: true });
    const auroraKeyDr = new KmsKey(this, "aurora_kms_dr", { provider: use1, description: `${NAME} Aurora secondary`, enableKeyRotation: true });
    const global = new RdsGlobalCluster(this, "aurora_global", {
      globalClusterIdentifier: `${NAME}-global`, engine: "aurora-postgresql", engineVersion: "16.6",
      storageEncrypted: true, deletionProtection: true,
    });
    const auroraSg = new SecurityGroup(this, "aurora_sg", { name: `${NAME}-aurora`, description: "Aurora from EKS", vpcId: vpc.id });
    new VpcSecurityGroupIngressRule(this, "aurora_from_eks", {
      securityGroupId: auroraSg.id, referencedSecurityGroupId: clusterSgId, ipProtocol: "tcp", fromPort: 5432, toPort: 5432,
    });
    const auroraPrimary = new RdsCluster(this, "aurora_primary", {
      clusterIdentifier: `${NAME}-aurora-usw2`, engine: global.engine, engineVersion: global.engineVersion,
      globalClusterIdentifier: global.id, databaseName: "app", masterUsername: "pgadmin",
      masterPasswordWo: auroraPassword.stringValue, masterPasswordWoVersion: 1,
      dbSubnetGroupName: dbSubnets.name, vpcSecurityGroupIds: [auroraSg.id],
      storageEncrypted: true, kmsKeyId: auroraKey.arn, backupRetentionPeriod: 14, preferredBackupWindow: "07:00-08:00",
      copyTagsToSnapshot: true, deletionProtection: true, finalSnapshotIdentifier: `${NAME}-aurora-final`,
      enabledCloudwatchLogsExports: ["postgresql"], iamDatabaseAuthenticationEnabled: true,
    });
    const auroraPrimaryInstances = [0, 1].map((i) => new RdsClusterInstance(this, `aurora_primary_${i}`, {
      identifier: `${NAME}-aurora-usw2-${i}`, clusterIdentifier: auroraPrimary.id, engine: auroraPrimary.engine,
      engineVersion: auroraPrimary.engineVersion, instanceClass: "db.r6g.2xlarge", dbSubnetGroupName: dbSubnets.name,
      performanceInsightsEnabled: true, performanceInsightsKmsKeyId: auroraKey.arn, monitoringInterval: 30, monitoringRoleArn: monitoringRole.arn,
    }));
    const drDbSubnets = new DbSubnetGroup(this, "dr_db_subnets", { provider: use1, name: `${NAME}-dr-db`, subnetIds: drPrivate.map((s) => s.id) });
    const auroraSecondary = new RdsCluster(this, "aurora_secondary", {
      provider: use1, clusterIdentifier: `${NAME}-aurora-use1`, engine: global.engine, engineVersion: global.engineVersion,
      globalClusterIdentifier: global.id, dbSubnetGroupName: drDbSubnets.name, vpcSecurityGroupIds: [drDbSg.id],
      storageEncrypted: true, kmsKeyId: auroraKeyDr.arn, backupRetentionPeriod: 14, copyTagsToSnapshot: true,
      deletionProtection: true, skipFinalSnapshot: true,
      lifecycle: { ignoreChanges: ["replication_source_identifier", "global_cluster_identifier"] },
      dependsOn: auroraPrimaryInstances,
    });
    new RdsClusterInstance(this, "aurora_secondary_0", {
      provider: use1, identifier: `${NAME}-aurora-use1-0`, clusterIdentifier: auroraSecondary.id, engine: auroraSecondary.engine,
      engineVersion: auroraSecondary.engineVersion, instanceClass: "db.r6g.2xlarge", dbSubnetGroupName: drDbSubnets.name,
    });

    // ElastiCache global datastore: the primary is the cluster-mode replication group above.
    const gds = new ElasticacheGlobalReplicationGroup(this, "redis_global", {
      globalReplicationGroupIdSuffix: NAME, primaryReplicationGroupId: redis.id,
      globalReplicationGroupDescription: "prod large global datastore",
    });
    const drCacheSubnets = new ElasticacheSubnetGroup(this, "dr_cache_subnets", { provider: use1, name: `${NAME}-dr-cache`,
      subnetIds: drPrivate.map((s) => s.id) });
    const drCacheKey = new KmsKey(this, "dr_cache_kms", { provider: use1, description: `${NAME} ElastiCache DR`, enableKeyRotation: true });
    new ElasticacheReplicationGroup(this, "redis_dr", {
      provider: use1, replicationGroupId: `${NAME}-redis-dr`, description: "prod large redis secondary (global datastore)",
      globalReplicationGroupId: gds.globalReplicationGroupId, replicasPerNodeGroup: 1, automaticFailoverEnabled: true,
      multiAzEnabled: true, subnetGroupName: drCacheSubnets.name, kmsKeyId: drCacheKey.arn,
    });

    // Route 53 latency records + health checks (primary ALB here, DR ALB from the DR stack)
    const hc = (id, fqdn) => new Route53HealthCheck(this, id, {
      type: "HTTPS", fqdn, port: 443, resourcePath: "/healthz", requestInterval: 30, failureThreshold: 3,
      measureLatency: true, enableSni: true, regions: ["us-west-1", "us-west-2", "us-east-1"], tags: { Name: id },
    });
    const hcPrimary = hc("hc_api_usw2", alb.dnsName);
    const hcDr = hc("hc_api_use1", drAlbDnsName.stringValue);
    new Route53Record(this, "api_usw2", {
      zoneId: zone.zoneId, name: `api.${DOMAIN}`, type: "A", setIdentifier: REGION, healthCheckId: hcPrimary.id,
      latencyRoutingPolicy: { region: REGION }, alias: { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true },
    });
    new Route53Record(this, "api_use1", {
      zoneId: zone.zoneId, name: `api.${DOMAIN}`, type: "A", setIdentifier: DR_REGION, healthCheckId: hcDr.id,
      latencyRoutingPolicy: { region: DR_REGION }, alias: { name: drAlbDnsName.stringValue, zoneId: ALB_ZONE_ID_USE1, evaluateTargetHealth: true },
    });
    ["A", "AAAA"].forEach((t) => new Route53Record(this, `app_${t}`, {
      zoneId: zone.zoneId, name: `app.${DOMAIN}`, type: t,
      alias: { name: cdn.domainName, zoneId: CLOUDFRONT_ZONE_ID, evaluateTargetHealth: false },
    }));

    // Global Accelerator in front of the ALB
    const ga = new GlobalacceleratorAccelerator(this, "ga", { name: NAME, ipAddressType: "IPV4", enabled: true });
    const gaListener = new GlobalacceleratorListener(this, "ga_listener", {
      acceleratorArn: ga.arn, protocol: "TCP", clientAffinity: "SOURCE_IP", portRange: [{ fromPort: 443, toPort: 443 }],
    });
    new GlobalacceleratorEndpointGroup(this, "ga_endpoints", {
      listenerArn: gaListener.arn, endpointGroupRegion: REGION, trafficDialPercentage: 100,
      healthCheckProtocol: "HTTPS", healthCheckPath: "/healthz", healthCheckPort: 443,
      endpointConfiguration: [{ endpointId: alb.arn, weight: 100, clientIpPreservationEnabled: true }],
    });
    new Route53Record(this, "ga_A", {
      zoneId: zone.zoneId, name: `ga.${DOMAIN}`, type: "A",
      alias: { name: ga.dnsName, zoneId: GA_ZONE_ID, evaluateTargetHealth: true },
    });

    // Outputs
    new TerraformOutput(this, "eks_endpoint", { value: cluster.endpoint });
    new TerraformOutput(this, "postgres_endpoint", { value: db.address });
    new TerraformOutput(this, "postgres_replica_endpoint", { value: dbReplica.address });
    new TerraformOutput(this, "redis_configuration_endpoint", { value: redis.configurationEndpointAddress });
    new TerraformOutput(this, "cloudfront_domain", { value: cdn.domainName });
    new TerraformOutput(this, "aurora_global_id", { value: global.id });
    new TerraformOutput(this, "global_accelerator_dns", { value: ga.dnsName });
    new TerraformOutput(this, "alb_dns", { value: alb.dnsName });
  }
}

const app = new App({ outdir: process.env.OUTDIR || "out" });
new LargeStack(app, "large");
app.synth();
