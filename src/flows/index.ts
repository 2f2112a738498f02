export { flowSchema, stepSchema, type AskSpec, type Choice, type Flow, type FlowStep } from './flowSchema.js';
export { compileExpression, ExpressionError, type CompiledExpression, type FlowValue } from './expression.js';
export { validateFlow, flowProblemCodes, successors, type FlowIssue } from './validateFlow.js';
export { loadFlows, type FlowProblem, type FlowSnapshot, type LoadFlowsOptions } from './loadFlows.js';
export { answerFlow, describeAnswers, isQuestion, readAnswer, repeatQuestion, startFlow, FlowRunError, type ChoiceRecognizer, type FlowOutput, type FlowState, type FlowTurn } from './runFlow.js';
