import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { answerFlow, FlowRunError, repeatQuestion, startFlow, type Flow, type FlowOutput, type FlowState, type FlowTurn, type FlowValue } from '../flows/index.js';
import { renderFlowOutput, type Messages } from '../conversation/index.js';
import { recognizeChoice } from './recognizeChoice.js';
import { toActivity } from './toActivity.js';

export const FLOW_DIALOG_ID = 'kefu-flow';
/** Set on a turn's state to have the waiting question asked again instead of answered. */
export const REPEAT_STEP = Symbol('kefu.repeatStep');

/** What the dialog needs from the bot around it. */
export interface FlowDialogHost {
  flow(id: string): Flow | undefined;
  articleAnswer(id: string): { title: string; answer: string } | undefined;
  messages(context: TurnContext): Messages;
  /** A flow's handoff step, or too many failed answers: the bot's handoff routine. */
  handOver(context: TurnContext, request: { reason: string; priority: 'normal' | 'high'; vars: Record<string, FlowValue>; flowId: string; text?: string }): Promise<void>;
}

interface DialogInstanceState {
  flow: FlowState;
}

/**
 * The one generic dialog that interprets any YAML flow: the step logic is the pure
 * `startFlow`/`answerFlow`; this class only keeps the flow's state in the dialog stack and turns
 * outputs into activities (questions with their choices as suggested actions).
 */
export class FlowDialog extends Dialog<{ flowId: string }> {
  constructor(private readonly host: FlowDialogHost) {
    super(FLOW_DIALOG_ID);
  }

  override async beginDialog(dc: DialogContext, options?: { flowId: string }): Promise<DialogTurnResult> {
    const flow = options && this.host.flow(options.flowId);
    if (!flow) return dc.endDialog();
    return this.apply(dc, flow, startFlow(flow));
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = (dc.activeDialog!.state as DialogInstanceState).flow;
    const flow = this.host.flow(state.flowId);
    const text = dc.context.activity.text ?? '';
    try {
      if (!flow) throw new FlowRunError(`flow ${state.flowId} is gone`);
      const turn = dc.context.turnState.get(REPEAT_STEP) ? repeatQuestion(flow, state) : answerFlow(flow, state, text, recognizeChoice);
      return await this.apply(dc, flow, turn);
    } catch (error) {
      // A flow edited mid-conversation may have lost the step this conversation stood on.
      if (!(error instanceof FlowRunError)) throw error;
      await dc.context.sendActivity(this.host.messages(dc.context).flowGone);
      return dc.endDialog();
    }
  }

  private async apply(dc: DialogContext, flow: Flow, turn: FlowTurn): Promise<DialogTurnResult> {
    const messages = this.host.messages(dc.context);
    for (const output of turn.outputs) await this.render(dc.context, flow, output, messages, turn.vars);
    if (turn.state === null) return dc.endDialog({ flowId: flow.id, vars: turn.vars });
    (dc.activeDialog!.state as DialogInstanceState).flow = turn.state;
    return Dialog.EndOfTurn;
  }

  private async render(context: TurnContext, flow: Flow, output: FlowOutput, messages: Messages, vars: Readonly<Record<string, FlowValue>>): Promise<void> {
    if (output.kind === 'handoff') {
      await this.host.handOver(context, { reason: output.reason, priority: output.priority, vars: { ...vars }, flowId: flow.id, ...(output.text ? { text: output.text } : {}) });
      return;
    }
    const reply = renderFlowOutput(output, messages, (id) => this.host.articleAnswer(id));
    if (reply) await context.sendActivity(toActivity(reply));
  }
}

