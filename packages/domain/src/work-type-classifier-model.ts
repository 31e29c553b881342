import modelJson from '../catalog/classifier-model.json' with { type: 'json' };
import { WorkTypeClassifierModel } from './work-type-classifier.ts';

/*
 * The shipped work-type classifier model (trained by scripts/train-classifier.ts).
 * A JSON import so that it travels inside a Lambda bundle; kept out of index.ts so
 * the portal does not download it unless a page asks.
 */
let model: WorkTypeClassifierModel | undefined;

/** The trained model, validated once per process. */
export function workTypeClassifierModel(): WorkTypeClassifierModel {
  model ??= WorkTypeClassifierModel.parse(modelJson);
  return model;
}
