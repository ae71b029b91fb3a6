{{- /*
The objects of one component. Every template here takes a dict: root (the chart's context), key
(the component's key in `components`) and c (its values, the default block merged in).
*/ -}}

{{- define "flowsupport.component.configMap" -}}
{{- $root := .root -}}
{{- $c := .c -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
data:
  SERVER_PORT: {{ $c.port | quote }}
  MANAGEMENT_SERVER_PORT: {{ $c.managementPort | quote }}
  {{- if $c.javaOptions }}
  JAVA_OPTS: {{ $c.javaOptions | quote }}
  {{- end }}
  {{- if $c.schema }}
  {{- if $root.Values.migrations.enabled }}
  # The release's migration Job (templates/migrations.yaml) brought the schema up to date before
  # this pod started; Hibernate still validates it.
  SPRING_FLYWAY_ENABLED: "false"
  {{- else if $root.Values.database.bootstrap.enabled }}
  # Creates roles, schema and extensions at startup as the administrator (idempotent, advisory lock).
  {{- include "flowsupport.bootstrapConfig" $root | nindent 2 }}
  {{- end }}
  {{- end }}
  {{- if eq .key "gateway" }}
  {{- with $root.Values.gateway }}
  FLOWSUPPORT_TRUSTED_PROXIES: {{ join "," .trustedProxies | quote }}
  FLOWSUPPORT_CONSOLE_ORIGINS: {{ join "," .consoleOrigins | quote }}
  FLOWSUPPORT_WIDGET_ORIGINS: {{ join "," .widgetOrigins | quote }}
  FLOWSUPPORT_RATE_LIMIT_ENABLED: {{ .rateLimitEnabled | quote }}
  {{- end }}
  {{- end }}
  {{- if eq .key "identity" }}
  {{- with $root.Values.identity }}
  FLOWSUPPORT_SIGNUP_ENABLED: {{ .signupEnabled | quote }}
  FLOWSUPPORT_IDENTITY_PASSWORDRESET_LINKBASE: {{ .passwordResetLinkBase | quote }}
  FLOWSUPPORT_IDENTITY_MAILFROM: {{ .mail.from | quote }}
  {{- if .mail.host }}
  SPRING_MAIL_HOST: {{ .mail.host | quote }}
  SPRING_MAIL_PORT: {{ .mail.port | quote }}
  SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE: {{ .mail.startTls | quote }}
  SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED: {{ .mail.startTls | quote }}
  {{- end }}
  {{- end }}
  # The services' secrets for service tokens, a map keyed by service name, which environment
  # variables cannot spell: read as a configuration tree from the mounted Secret.
  SPRING_CONFIG_IMPORT: "optional:configtree:/etc/flowsupport/config/"
  {{- end }}
  {{- range $name, $value := $c.config }}
  {{ $name }}: {{ $value | toString | quote }}
  {{- end }}
{{- end -}}

{{- define "flowsupport.component.serviceAccountName" -}}
{{- if .c.serviceAccount.create -}}
{{- .c.serviceAccount.name | default (include "flowsupport.componentName" .) -}}
{{- else -}}
{{- .c.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "flowsupport.component.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "flowsupport.component.serviceAccountName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
  {{- $annotations := deepCopy .c.serviceAccount.annotations }}
  {{- if .c.serviceAccount.roleArn }}
  {{- $_ := set $annotations "eks.amazonaws.com/role-arn" .c.serviceAccount.roleArn }}
  {{- end }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# The services never call the Kubernetes API. IRSA mounts its own web identity token regardless.
automountServiceAccountToken: false
{{- end -}}

{{- define "flowsupport.component.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "flowsupport.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .c.port }}
      targetPort: http
      protocol: TCP
    - name: management
      port: {{ .c.managementPort }}
      targetPort: management
      protocol: TCP
{{- end -}}

{{- define "flowsupport.component.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end -}}

{{- define "flowsupport.component.deployment" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- $secrets := $root.Values.secrets -}}
{{- $serviceClientItems := list -}}
{{- if eq .key "identity" -}}
{{- range $other := keys $root.Values.components | sortAlpha -}}
{{- $oc := include "flowsupport.component" (dict "root" $root "key" $other) | fromJson -}}
{{- if and $oc.enabled $oc.serviceClient -}}
{{- $name := include "flowsupport.serviceName" $other -}}
{{- $serviceClientItems = append $serviceClientItems (dict "key" $name "path" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
spec:
  {{- if not $c.autoscaling.enabled }}
  replicas: {{ $c.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  # A new pod must be ready (migrations done) before an old one goes.
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "flowsupport.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "flowsupport.componentLabels" . | nindent 8 }}
        {{- with $c.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ print (include (print $root.Template.BasePath "/configmap.yaml") $root) (include "flowsupport.component.configMap" .) | sha256sum }}
        {{- with $c.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "flowsupport.component.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with $c.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml $c.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $c.terminationGracePeriodSeconds }}
      {{- if $c.topologySpread.enabled }}
      topologySpreadConstraints:
        {{- range $c.topologySpread.topologyKeys }}
        - topologyKey: {{ . }}
          maxSkew: {{ $c.topologySpread.maxSkew }}
          whenUnsatisfiable: {{ $c.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- include "flowsupport.selectorLabels" $ | nindent 14 }}
          matchLabelKeys:
            - pod-template-hash
        {{- end }}
      {{- end }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .key }}
          image: {{ include "flowsupport.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
            - name: management
              containerPort: {{ $c.managementPort }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "flowsupport.fullname" $root }}-config
            - configMapRef:
                name: {{ include "flowsupport.componentName" . }}
            {{- with $c.extraEnvFrom }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          env:
            {{- if $secrets.redis.name }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_REDIS_URL" "secret" $secrets.redis.name "key" $secrets.redis.key) | nindent 12 }}
            {{- end }}
            {{- if $c.schema }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_DB_APP_PASSWORD" "secret" $secrets.database.name "key" (printf "%s-app-password" $c.schema)) | nindent 12 }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_DB_OWNER_PASSWORD" "secret" $secrets.database.name "key" (printf "%s-owner-password" $c.schema)) | nindent 12 }}
            {{- if and $root.Values.database.bootstrap.enabled (not $root.Values.migrations.enabled) }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_DB_BOOTSTRAP_ADMINPASSWORD" "secret" $secrets.database.name "key" "admin-password") | nindent 12 }}
            {{- end }}
            {{- end }}
            {{- if $c.cryptoMasterKey }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_CRYPTO_MASTER_KEY" "secret" $secrets.cryptoMasterKey.name "key" $secrets.cryptoMasterKey.key) | nindent 12 }}
            {{- end }}
            {{- if $c.serviceClient }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_SERVICE_TOKEN_SECRET" "secret" $secrets.serviceClients.name "key" (include "flowsupport.serviceName" .key)) | nindent 12 }}
            {{- end }}
            {{- if eq .key "identity" }}
            {{- if $secrets.mail.name }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "SPRING_MAIL_USERNAME" "secret" $secrets.mail.name "key" $secrets.mail.usernameKey) | nindent 12 }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "SPRING_MAIL_PASSWORD" "secret" $secrets.mail.name "key" $secrets.mail.passwordKey) | nindent 12 }}
            {{- end }}
            {{- if $secrets.platformAdmin.name }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_IDENTITY_PLATFORMADMIN_EMAIL" "secret" $secrets.platformAdmin.name "key" "email") | nindent 12 }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_IDENTITY_PLATFORMADMIN_PASSWORD" "secret" $secrets.platformAdmin.name "key" "password") | nindent 12 }}
            {{- end }}
            {{- end }}
            {{- with $c.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          securityContext:
            {{- toYaml $c.securityContext | nindent 12 }}
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            {{- toYaml $c.probes.startup | nindent 12 }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            {{- toYaml $c.probes.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: management
            {{- toYaml $c.probes.readiness | nindent 12 }}
          {{- if gt (int $c.preStopSleepSeconds) 0 }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ $c.preStopSleepSeconds }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if and $c.schema $root.Values.database.caBundle.configMapName }}
            - name: database-ca
              mountPath: /etc/flowsupport/database-ca
              readOnly: true
            {{- end }}
            {{- if $serviceClientItems }}
            - name: service-clients
              mountPath: /etc/flowsupport/config/flowsupport/identity/service-clients
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $c.tmpSizeLimit }}
        {{- if and $c.schema $root.Values.database.caBundle.configMapName }}
        - name: database-ca
          configMap:
            name: {{ $root.Values.database.caBundle.configMapName }}
            items:
              - key: {{ $root.Values.database.caBundle.key }}
                path: {{ $root.Values.database.caBundle.key }}
        {{- end }}
        {{- if $serviceClientItems }}
        - name: service-clients
          secret:
            secretName: {{ $secrets.serviceClients.name }}
            items:
              {{- toYaml $serviceClientItems | nindent 14 }}
        {{- end }}
{{- end -}}

{{- define "flowsupport.component.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "flowsupport.componentName" . }}
  minReplicas: {{ .c.autoscaling.minReplicas }}
  maxReplicas: {{ .c.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .c.autoscaling.targetCPUUtilizationPercentage }}
  {{- with .c.autoscaling.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{- define "flowsupport.component.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .c.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "flowsupport.selectorLabels" . | nindent 6 }}
{{- end -}}

{{- define "flowsupport.component.networkPolicy" -}}
{{- $root := .root -}}
{{- $np := $root.Values.networkPolicy -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "flowsupport.selectorLabels" . | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    {{- if eq .key "gateway" }}
    # The public entry: clients' traffic arrives through the load balancer.
    - ports:
        - port: http
          protocol: TCP
      {{- with $np.gateway.from }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    {{- with $np.gateway.healthCheckFrom }}
    - ports:
        - port: management
          protocol: TCP
      from:
        {{- toYaml . | nindent 8 }}
    {{- end }}
    {{- else }}
    {{- $callers := list }}
    {{- range .c.calledBy }}
    {{- if (include "flowsupport.component" (dict "root" $root "key" .) | fromJson).enabled }}
    {{- $callers = append $callers . }}
    {{- end }}
    {{- end }}
    {{- if $callers }}
    # Only the components that call this service.
    - ports:
        - port: http
          protocol: TCP
      from:
        {{- range $callers }}
        - podSelector:
            matchLabels:
              {{- include "flowsupport.selectorLabels" (dict "root" $root "key" .) | nindent 14 }}
        {{- end }}
    {{- end }}
    {{- end }}
    # Prometheus scrapes the management port.
    - ports:
        - port: management
          protocol: TCP
      from:
        - namespaceSelector:
            {{- toYaml $np.monitoring.namespaceSelector | nindent 12 }}
          podSelector:
            {{- toYaml $np.monitoring.podSelector | nindent 12 }}
{{- end -}}

{{- define "flowsupport.component.serviceMonitor" -}}
{{- $sm := .root.Values.metrics.serviceMonitor -}}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "flowsupport.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "flowsupport.componentLabels" . | nindent 4 }}
    {{- with $sm.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "flowsupport.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: management
      path: /actuator/prometheus
      interval: {{ $sm.interval }}
      scrapeTimeout: {{ $sm.scrapeTimeout }}
{{- end -}}


{{- /*
The component's migration Job: the service's own image, started with flowsupport.db.migrate-only,
runs the database bootstrap (when enabled) and Flyway, then exits. A Helm hook, so it runs once per
install or upgrade, before the release's Deployments change; its pods are configured here and not
from the chart's ConfigMaps, which do not exist yet on a first install.
*/ -}}
{{- define "flowsupport.component.migrationJob" -}}
{{- $root := .root -}}
{{- $c := .c -}}
{{- $m := $root.Values.migrations -}}
{{- $secrets := $root.Values.secrets -}}
apiVersion: batch/v1
kind: Job
metadata:
  {{- if $m.helmHook }}
  name: {{ printf "%s-migrate" (include "flowsupport.componentName" . | trunc 55 | trimSuffix "-") }}
  {{- else }}
  # A Job's pod template cannot change: a new image is a new Job (and the old one is pruned).
  name: {{ printf "%s-migrate-%s" (include "flowsupport.componentName" . | trunc 46 | trimSuffix "-") (include "flowsupport.image" . | sha256sum | trunc 8) }}
  {{- end }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "flowsupport.migrationLabels" . | nindent 4 }}
  {{- if $m.helmHook }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    # A failed Job stays for its logs until the next attempt replaces it.
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
  {{- end }}
spec:
  backoffLimit: {{ $m.backoffLimit }}
  activeDeadlineSeconds: {{ $m.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "flowsupport.migrationLabels" . | nindent 8 }}
    spec:
      restartPolicy: Never
      # The default ServiceAccount: the component's own is created with the release, after this hook.
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      securityContext:
        {{- toYaml $c.podSecurityContext | nindent 8 }}
      {{- with $c.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $c.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: migrate
          image: {{ include "flowsupport.image" . | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args:
            - --flowsupport.db.migrate-only=true
          env:
            - name: FLOWSUPPORT_DB_URL
              value: {{ include "flowsupport.jdbcUrl" $root | quote }}
            {{- if $secrets.redis.name }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_REDIS_URL" "secret" $secrets.redis.name "key" $secrets.redis.key) | nindent 12 }}
            {{- else }}
            - name: FLOWSUPPORT_REDIS_URL
              value: {{ $root.Values.redis.url | quote }}
            {{- end }}
            - name: FLOWSUPPORT_REDIS_KEYPREFIX
              value: {{ $root.Values.redis.keyPrefix | quote }}
            {{- with $c.javaOptions }}
            - name: JAVA_OPTS
              value: {{ . | quote }}
            {{- end }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_DB_APP_PASSWORD" "secret" $secrets.database.name "key" (printf "%s-app-password" $c.schema)) | nindent 12 }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_DB_OWNER_PASSWORD" "secret" $secrets.database.name "key" (printf "%s-owner-password" $c.schema)) | nindent 12 }}
            {{- if $root.Values.database.bootstrap.enabled }}
            {{- range $name, $value := include "flowsupport.bootstrapConfig" $root | fromYaml }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_DB_BOOTSTRAP_ADMINPASSWORD" "secret" $secrets.database.name "key" "admin-password") | nindent 12 }}
            {{- end }}
            {{- if $c.cryptoMasterKey }}
            {{- include "flowsupport.component.secretEnv" (dict "name" "FLOWSUPPORT_CRYPTO_MASTER_KEY" "secret" $secrets.cryptoMasterKey.name "key" $secrets.cryptoMasterKey.key) | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $c.resources | nindent 12 }}
          securityContext:
            {{- toYaml $c.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $root.Values.database.caBundle.configMapName }}
            - name: database-ca
              mountPath: /etc/flowsupport/database-ca
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $c.tmpSizeLimit }}
        {{- if $root.Values.database.caBundle.configMapName }}
        - name: database-ca
          configMap:
            name: {{ $root.Values.database.caBundle.configMapName }}
            items:
              - key: {{ $root.Values.database.caBundle.key }}
                path: {{ $root.Values.database.caBundle.key }}
        {{- end }}
{{- end -}}
