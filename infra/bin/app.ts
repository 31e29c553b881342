import { App } from 'aws-cdk-lib';
import { addCityDeskStacks } from '../lib/citydesk-app.ts';

/*
 * CDK entry point (cdk.json: "npx tsx infra/bin/app.ts"). Stage, region and portal origin
 * come from context: `npx cdk deploy --all -c stage=prod -c region=eu-central-1`.
 * The CLI synthesises the app itself when this process exits.
 */
addCityDeskStacks(new App());
