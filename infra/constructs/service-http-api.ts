import { Stack } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { defaultRouteFunction, type FunctionName, type RouteDeclaration } from "../../lib/topology/index.js";
import { constructId } from "./topology-names.js";

/**
 * One JSON object per request. The route key, not the path, so user and group ids stay out of the access log;
 * the integration error shows when a function failed or timed out.
 */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationError: "$context.integrationErrorMessage",
};

export type ServiceHttpApiProps = {
  routes: readonly RouteDeclaration[];
  handlers: Record<FunctionName, lambda.IFunction>;
  /** Steady-state requests per second and burst for the whole stage. */
  throttle: { rateLimit: number; burstLimit: number };
};

/**
 * The HTTP API: one route per declared route (payload format 2.0, the event the local runtime builds too), a
 * `$default` route for everything else (`lib/topology/default-route.ts`), a throttled `$default` stage with JSON
 * access logs. No CORS: only same-origin browsers and API clients call it.
 */
export class ServiceHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: ServiceHttpApiProps) {
    super(scope, id);

    this.api = new apigw.HttpApi(this, "Api", {
      apiName: Stack.of(this).stackName,
      description: "Latchkey PIN and password administration",
      createDefaultStage: false,
    });

    const accessLogs = new logs.LogGroup(this, "AccessLogs", { retention: logs.RetentionDays.ONE_MONTH });
    this.stage = new apigw.HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${constructId(route.function)}Integration`,
          props.handlers[route.function],
        );
        integrations.set(route.function, integration);
      }
      this.api.addRoutes({ path: route.path, methods: [apigw.HttpMethod[route.method]], integration });
    }
    // Whatever no route matches (unknown path, wrong method, HEAD, OPTIONS) gets the service's problem+json
    // 404/405/400 instead of API Gateway's `{"message":"Not Found"}`.
    new apigw.HttpRoute(this, "DefaultRoute", {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration(
        `${constructId(defaultRouteFunction)}Integration`,
        props.handlers[defaultRouteFunction],
      ),
    });
  }

  get url(): string {
    return this.stage.url;
  }
}
