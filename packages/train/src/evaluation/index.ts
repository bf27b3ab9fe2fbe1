export { evaluateLanguageModel, type EvaluateLanguageModelOptions, type LanguageModelScores, type TokenPredictor } from './evaluate-language-model.js';
