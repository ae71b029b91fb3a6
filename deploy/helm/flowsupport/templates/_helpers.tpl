{{/* Chart name, possibly overridden. */}}
{{- define "flowsupport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: the release name, plus the chart's unless the release already says it. */}}
{{- define "flowsupport.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects. Argument: dict root, key. */}}
{{- define "flowsupport.componentName" -}}
{{- printf "%s-%s" (include "flowsupport.fullname" .root | trunc 48 | trimSuffix "-") .key | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The service's application name, as identity-service knows it and as its image is called. */}}
{{- define "flowsupport.serviceName" -}}
{{- printf "%s-service" . -}}
{{- end -}}

{{- define "flowsupport.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "flowsupport.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: flowsupport
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels selecting one component's pods. Argument: dict root, key. */}}
{{- define "flowsupport.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flowsupport.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/*
Labels of a component's migration Job and its pod: not the component's selector labels, so that
neither its Service, its PodDisruptionBudget nor its NetworkPolicy take the Job's pod for one of its own.
*/}}
{{- define "flowsupport.migrationLabels" -}}
{{ include "flowsupport.labels" .root }}
app.kubernetes.io/component: {{ printf "%s-migration" .key }}
{{- end -}}

{{/* The administrator bootstrap's settings (database.bootstrap), as environment variables. */}}
{{- define "flowsupport.bootstrapConfig" -}}
FLOWSUPPORT_DB_BOOTSTRAP_ENABLED: "true"
FLOWSUPPORT_DB_BOOTSTRAP_ADMINURL: {{ include "flowsupport.jdbcUrl" . | quote }}
FLOWSUPPORT_DB_BOOTSTRAP_ADMINUSERNAME: {{ .Values.database.bootstrap.username | quote }}
{{- end -}}

{{- define "flowsupport.componentLabels" -}}
{{ include "flowsupport.labels" .root }}
app.kubernetes.io/component: {{ .key }}
{{- end -}}

{{/*
Merges b into a, recursively for maps; anything else in b (false, 0, empty lists included) replaces
what a has. Sprig's mergeOverwrite would keep a's value where b's is "empty" (false, 0, "").
Argument: list a b. Returns JSON.
*/}}
{{- define "flowsupport.deepMerge" -}}
{{- $out := deepCopy (index . 0) -}}
{{- range $k, $v := index . 1 -}}
{{- $current := get $out $k -}}
{{- if and (kindIs "map" $v) (kindIs "map" $current) -}}
{{- $_ := set $out $k (include "flowsupport.deepMerge" (list $current $v) | fromJson) -}}
{{- else -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* A component's values: the default block with the component's own merged over it. Argument: dict root, key. Returns JSON. */}}
{{- define "flowsupport.component" -}}
{{- include "flowsupport.deepMerge" (list .root.Values.default (index .root.Values.components .key)) -}}
{{- end -}}

{{/* A component's image reference. Argument: dict root, key, c (the component's values). */}}
{{- define "flowsupport.image" -}}
{{- $image := .root.Values.image -}}
{{- $repository := .c.image.repository -}}
{{- if not $repository -}}
{{- $repository = printf "%s%s" $image.repositoryPrefix (include "flowsupport.serviceName" .key) -}}
{{- if $image.registry -}}
{{- $repository = printf "%s/%s" (trimSuffix "/" $image.registry) $repository -}}
{{- end -}}
{{- end -}}
{{- if .c.image.digest -}}
{{- printf "%s@%s" $repository .c.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (.c.image.tag | default $image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* The in-cluster base URL of a component. Argument: dict root, key. */}}
{{- define "flowsupport.componentUrl" -}}
{{- $c := include "flowsupport.component" . | fromJson -}}
{{- printf "http://%s:%v" (include "flowsupport.componentName" .) $c.port -}}
{{- end -}}

{{/* The gateway's public URL: publicBaseUrl, else https:// and the Ingress's first host, else empty. */}}
{{- define "flowsupport.publicBaseUrl" -}}
{{- if .Values.publicBaseUrl -}}
{{- trimSuffix "/" .Values.publicBaseUrl -}}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts -}}
{{- printf "https://%s" (first .Values.ingress.hosts) -}}
{{- end -}}
{{- end -}}

{{/* JDBC URL of the database, with TLS settings. */}}
{{- define "flowsupport.jdbcUrl" -}}
{{- $db := .Values.database -}}
{{- $params := list (printf "sslmode=%s" $db.sslMode) -}}
{{- if has $db.sslMode (list "verify-ca" "verify-full") -}}
{{- if $db.caBundle.configMapName -}}
{{- $params = append $params (printf "sslrootcert=/etc/flowsupport/database-ca/%s" $db.caBundle.key) -}}
{{- else -}}
{{- $params = append $params "sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory" -}}
{{- end -}}
{{- end -}}
{{- range $k, $v := $db.parameters -}}
{{- $params = append $params (printf "%s=%v" $k $v) -}}
{{- end -}}
{{- printf "jdbc:postgresql://%s:%v/%s?%s" $db.host $db.port $db.name (join "&" $params) -}}
{{- end -}}

{{/* Checks what the schema cannot: that every component named in calledBy exists. */}}
{{- define "flowsupport.validate" -}}
{{- range $key, $values := .Values.components -}}
{{- $c := include "flowsupport.component" (dict "root" $ "key" $key) | fromJson -}}
{{- if and $c.autoscaling.enabled (gt (int $c.autoscaling.minReplicas) (int $c.autoscaling.maxReplicas)) -}}
{{- fail (printf "components.%s.autoscaling: minReplicas is above maxReplicas" $key) -}}
{{- end -}}
{{- range $c.calledBy -}}
{{- if not (hasKey $.Values.components .) -}}
{{- fail (printf "components.%s.calledBy names %q, which is not a component" $key .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if not (hasKey .Values.components "identity") -}}
{{- fail "components.identity is required: every service trusts its keys" -}}
{{- end -}}
{{- end -}}
