import { Stack } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionName, RouteDeclaration } from "../../lib/topology/index.js";
import { constructId } from "./topology-names.js";

export type ServiceHttpApiProps = {
  routes: readonly RouteDeclaration[];
  handlers: Record<FunctionName, lambda.IFunction>;
  /** Steady-state requests per second and burst for the whole stage. */
  throttle: { rateLimit: number; burstLimit: number };
};

/**
 * The HTTP API: one route per declared route (payload format 2.0, the event the local runtime builds too), a
 * throttled `$default` stage with JSON access logs. CORS stays off: browsers reach the API from pages it serves.
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
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
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
  }

  get url(): string {
    return this.stage.url;
  }
}
