import { describe } from 'vitest';
import { loadMessages } from '../../src/bot/index.js';
import { localesDir } from '../../src/app/createRuntime.js';
import { article, freshBotPerTest, itPlays, type Expected, type Transcript, type Turn } from './playTranscript.js';

/*
 * The three guided dialogues in flows/*.yaml, played end to end through the real bot: every main
 * path, the ways merchants actually answer a question, and what happens when they cannot.
 */

const zh = (await loadMessages(localesDir))['zh-CN'];

const bot = freshBotPerTest();
const run = (transcripts: readonly Transcript[]) => itPlays(transcripts, bot);

const YES_NO = ['是', '否'];
const HANDOFF = 'handoff.initiate';
/** After a flow has ended or handed over, there is nothing left to cancel. */
const FLOW_IS_OVER: Turn = { user: '取消', bot: { text: zh.nothingToCancel } };
/** After a flow has handed over, 取消 leaves the queue for a person. */
const LEAVE_QUEUE: Turn = { user: '取消', bot: { text: zh.handoff.cancelled } };

// --- pin-troubleshoot --------------------------------------------------------------------
const PIN_PROBLEMS = ['密码错误（返回码55）', '次数超限（返回码75）', '卡没有密码/没让输密码', '按键没反应/键盘故障', '持卡人忘了密码', '其他'];
const CARDS = ['信用卡（没设过密码）', '储蓄卡/借记卡', '挥卡（闪付），没让输密码'];
const pinStart = (user: string): Turn => ({
  user,
  bot: [{ text: /我们一步步排查.*客服不会索要卡密码/ }, { text: /刷卡时终端上显示的是哪种情况/, actions: PIN_PROBLEMS }],
});
const solved: Expected = { text: /按上面的方法试过后，问题解决了吗/, actions: YES_NO };
const closing: Turn = { user: '是', bot: { text: /太好了！以后刷卡遇到问题，随时来问我/ } };
const pinWrongArticle = article('刷卡提示"密码错误"（返回码55）');
const pinLockedArticle = article('密码输错次数太多被锁（返回码75）');
const pinPadArticle = article('密码明明对却一直报错（密码键盘或机器故障）');

describe('flow pin-troubleshoot', () => {
  run([
    {
      name: '55 after one wrong try, another card works: the pin-wrong steps, solved, the closing',
      turns: [
        pinStart('刷卡一直提示密码错误'),
        { user: '55', bot: { text: /这张卡已经连续输错几次了/ } },
        { user: '1', bot: { text: /换一张别的卡刷，也提示密码错误吗/, actions: YES_NO } },
        { user: '没有', bot: [pinWrongArticle, solved] },
        closing,
        FLOW_IS_OVER,
      ],
    },
    {
      name: '55 after three wrong tries is treated as locked: the pin-locked article',
      turns: [
        pinStart('显示55怎么办'),
        { user: '密码错误', bot: { text: /连续输错几次/ } },
        { user: '三次', bot: [{ text: /已经输错 3 次，银行很可能锁定了这张卡的密码/ }, pinLockedArticle, solved] },
        closing,
      ],
    },
    {
      name: '55 and another card fails too: the keypad-fault steps, not solved, the SN, a repair handoff',
      turns: [
        pinStart('顾客输密码老是不对'),
        { user: '55', bot: { text: /连续输错几次/ } },
        { user: '2', bot: { text: /换一张别的卡刷/ } },
        { user: '是', bot: [{ text: /换卡也报密码错误，多半是机器的问题/ }, pinPadArticle, solved] },
        { user: '否', bot: { text: /报修要用到机器的序列号（SN）/ } },
        {
          user: 'P8K20A5531',
          bot: [
            { text: /我帮您转人工客服安排报修/ },
            { event: HANDOFF, value: { flowId: 'pin-troubleshoot', reason: /疑似机器故障需报修/, vars: { message: 'wrong', tries: 2, others_fail: true, solved: false, sn: 'P8K20A5531' } } },
          ],
        },
        LEAVE_QUEUE,
      ],
    },
    {
      name: '75, not solved: hands over with the locked reason, what was learned and the transcript',
      turns: [
        pinStart('客人的卡密码被锁了'),
        { user: '75', bot: [{ text: /次数超限说明银行已锁定这张卡的密码/ }, pinLockedArticle, solved] },
        {
          user: '否',
          bot: [
            { text: /我帮您转人工客服，请稍等/ },
            { event: HANDOFF, value: { flowId: 'pin-troubleshoot', priority: 'normal', reason: /密码错误次数超限/, vars: { message: 'locked', tried: 'locked', solved: false } } },
          ],
        },
        LEAVE_QUEUE,
      ],
    },
    {
      name: '卡没有密码 with a credit card: the no-PIN article',
      turns: [
        pinStart('帮我排查密码问题'),
        { user: '卡没有密码', bot: { text: /是哪种卡、怎么刷的/, actions: CARDS } },
        { user: '信用卡', bot: [article('信用卡没有设密码，刷卡时怎么输'), solved] },
        closing,
      ],
    },
    {
      name: '卡没有密码 with a debit card: a debit card has a PIN, only the bank resets it',
      turns: [
        pinStart('帮我排查密码问题'),
        { user: '没让输密码', bot: { text: /是哪种卡/ } },
        { user: '储蓄卡', bot: [{ text: /储蓄卡（借记卡）一般都设有交易密码/ }, article('持卡人忘记银行卡密码'), solved] },
        {
          user: '否',
          bot: [{ text: /我帮您转人工客服/ }, { event: HANDOFF, value: { reason: /卡没有密码或没让输密码/, vars: { message: 'nopin', card: 'debit' } } }],
        },
      ],
    },
    {
      name: 'keypad does not react on several cards: the keypad-fault steps, then the SN and a repair handoff',
      turns: [
        pinStart('密码键盘按了没反应'),
        { user: '按键没反应', bot: [pinPadArticle, { text: /换几张不同的卡试，都输不了密码或报密码错误吗/, actions: YES_NO }] },
        { user: '是', bot: [{ text: /几张卡都不行，问题在机器上/ }, solved] },
        { user: '否', bot: { text: /序列号（SN）/ } },
        { user: '没有', bot: [{ text: /安排报修/ }, { event: HANDOFF, value: { vars: { message: 'pad', many_cards_fail: true, tried: 'pad-terminal', sn: '没有' } } }] },
      ],
    },
    {
      name: 'keypad trouble on one card only: the card, not the terminal; solved',
      turns: [
        pinStart('帮我排查密码问题'),
        { user: '键盘坏了', bot: [pinPadArticle, { text: /换几张不同的卡试/ }] },
        { user: '否', bot: [{ text: /只有一张卡不行，多半是这张卡或它的密码有问题/ }, solved] },
        closing,
      ],
    },
    {
      name: 'the cardholder forgot the PIN: only the bank resets it; not solved hands over',
      turns: [
        pinStart('客人忘了卡密码'),
        { user: '忘了', bot: [article('持卡人忘记银行卡密码'), solved] },
        { user: '没解决', bot: [{ text: /我帮您转人工客服/ }, { event: HANDOFF, value: { reason: /持卡人忘记密码/, vars: { message: 'forgot' } } }] },
      ],
    },
    {
      name: 'another message: asks what the screen says, sends the return codes, keeps the text for the agent',
      turns: [
        pinStart('帮我排查密码问题'),
        { user: '其他', bot: { text: /屏幕上具体显示什么/ } },
        { user: '显示交易失败 请联系发卡行', bot: [article('刷卡失败常见返回码一览'), solved] },
        { user: '否', bot: { event: HANDOFF, value: { reason: /其他密码相关提示/, vars: { message: 'other', screen_text: '显示交易失败 请联系发卡行' } } } },
      ],
    },
  ]);
});

// --- deposit-refund ----------------------------------------------------------------------
const TERMINALS = ['电签POS机', '传统POS机', '智能POS机', '不确定'];
const RECEIVED = ['3个月内', '超过3个月'];
const depositStart: Turn = { user: '押金怎么退', bot: { text: /您用的是哪种POS机/, actions: TERMINALS } };
const esign: Turn = { user: '电签POS机', bot: { text: /收到这台电签机到现在，有没有超过 3 个月/, actions: RECEIVED } };
const within3: Turn = { user: '3个月内', bot: { text: /到现在一共刷了多少钱/ } };
const past3: Turn = { user: '超过3个月', bot: { text: /前3个月大概刷了多少钱/ } };
const eligible: Expected[] = [{ text: /机器已算有效激活，100 元押金会退还给您/ }, { text: /退回的 100 元押金，您是否已经收到/, actions: YES_NO }];
const classic: Expected[] = [{ text: /传统POS机的 299 元押金/ }, { text: /请发一下商户编号或机器序列号（SN），方便客服查询/ }];
const forfeited: Expected = { text: /前3个月没有刷满 10,000 元.*不再退还/ };

describe('flow deposit-refund', () => {
  run([
    {
      name: 'smart terminal: bought outright, no deposit to refund',
      turns: [depositStart, { user: '智能POS机', bot: { text: /智能POS机是整台买下的.*不收押金，所以没有押金要退/ } }, FLOW_IS_OVER],
    },
    {
      name: 'e-signature, within 3 months, 6500 processed: 3500 to go',
      turns: [depositStart, esign, within3, { user: '6500', bot: { text: /还差 3500 元就刷满 10,000 元/ } }, FLOW_IS_OVER],
    },
    {
      name: 'e-signature, 12000 within 3 months, refund received: done',
      turns: [depositStart, esign, within3, { user: '12000', bot: eligible }, { user: '收到了', bot: { text: /押金已经退回/ } }, FLOW_IS_OVER],
    },
    {
      name: 'e-signature, 12000 within 3 months, refund not received: asks for an id and hands over',
      turns: [
        depositStart,
        esign,
        within3,
        { user: '12000', bot: eligible },
        { user: '否', bot: { text: /请发一下商户编号或机器序列号（SN），方便客服查退款进度/ } },
        {
          user: 'M123456',
          bot: [
            { text: /我帮您转人工客服查退款进度/ },
            {
              event: HANDOFF,
              value: { flowId: 'deposit-refund', reason: /押金100元仍未到账/, vars: { kind: 'esign', received: 'within3', amount: 12000, refunded: false, merchant_or_sn: 'M123456' } },
            },
          ],
        },
        LEAVE_QUEUE,
      ],
    },
    {
      name: 'e-signature, past 3 months, 8000 in the first 3 months: the deposit is not refunded',
      turns: [depositStart, esign, past3, { user: '8000', bot: forfeited }, FLOW_IS_OVER],
    },
    {
      name: 'e-signature, past 3 months but 10000 reached in time: eligible',
      turns: [depositStart, esign, past3, { user: '10000', bot: eligible }],
    },
    {
      name: 'classic terminal: the rules depend on the merchant, so an id and a handoff',
      turns: [
        depositStart,
        { user: '传统POS机', bot: classic },
        {
          user: '跳过',
          bot: [{ text: /我帮您转人工客服核对/ }, { event: HANDOFF, value: { flowId: 'deposit-refund', reason: /传统POS机299元押金退还/, vars: { kind: 'classic', merchant_or_sn: '跳过' } } }],
        },
        LEAVE_QUEUE,
      ],
    },
    {
      name: 'not sure which terminal: explains how to tell, then asks again',
      turns: [
        depositStart,
        { user: '不确定', bot: [{ text: /冻结 100 元的是电签POS机，冻结 299 元的是传统POS机/ }, { text: /您用的是哪种POS机/, actions: TERMINALS }] },
        { user: '冻结100', bot: { text: /有没有超过 3 个月/ } },
      ],
    },
  ]);
});

// --- activation --------------------------------------------------------------------------
const NETWORKS = ['流量卡/SIM卡', 'Wi-Fi', '没有网络'];
const activationStart: Turn = {
  user: '新机器怎么激活',
  bot: [{ text: /我们一步步激活/ }, { text: /第1步：机器已经开机，而且电量充足吗/, actions: YES_NO }],
};
const powered: Turn = { user: '是', bot: { text: /第2步：机器现在用什么上网/, actions: NETWORKS } };
const bindQuestion: Expected = { text: /第3步：已经按屏幕或商户App的提示登录，把机器绑定到您的商户了吗/, actions: YES_NO };
const firstPayment: Expected[] = [{ text: /第4步：用这台机器完成第一笔刷卡收款/ }, { text: /刷完后，机器或App显示激活成功了吗/, actions: YES_NO }];
const snQuestion: Expected = { text: /请发一下机器背面标签上的序列号（SN）/ };

describe('flow activation', () => {
  run([
    {
      name: 'powered, SIM, bound, first payment activates: the criteria article and the end',
      turns: [
        activationStart,
        powered,
        { user: '流量卡', bot: bindQuestion },
        { user: '是', bot: firstPayment },
        { user: '是', bot: [article('什么算"有效激活"'), { text: /激活成功！想退押金/ }] },
        FLOW_IS_OVER,
      ],
    },
    {
      name: 'activation fails twice: the failure checklist, the error text, the SN, a handoff',
      turns: [
        activationStart,
        powered,
        { user: 'Wi-Fi', bot: bindQuestion },
        { user: '是', bot: firstPayment },
        { user: '否', bot: [article('激活不成功、提示失败怎么办'), { text: /按上面几点检查后再试一次，激活成功了吗/ }] },
        { user: '还是不行', bot: { text: /屏幕或App上显示的是什么提示/ } },
        { user: '提示激活失败 E02', bot: snQuestion },
        {
          user: 'SNAB12',
          bot: [
            { text: /我帮您转人工客服/ },
            { event: HANDOFF, value: { flowId: 'activation', reason: /仍未激活成功/, vars: { stuck: 'activation', error_text: '提示激活失败 E02', sn: 'SNAB12', activated: false } } },
          ],
        },
        LEAVE_QUEUE,
      ],
    },
    {
      name: 'activation fails, then works after the checklist: the criteria and the end',
      turns: [activationStart, powered, { user: '2', bot: bindQuestion }, { user: '是', bot: firstPayment }, { user: '否', bot: { text: /再试一次/ } }, { user: '成功了', bot: { text: /激活成功！/ } }],
    },
    {
      name: 'does not switch on even after charging: the device-fault article, the SN, a handoff',
      turns: [
        activationStart,
        { user: '否', bot: [{ text: /请先充电或接上电源/ }, { text: /现在开机了吗/, actions: YES_NO }] },
        { user: '还没开机', bot: [article('POS机开不了机/死机/读不了卡（报修）'), snQuestion] },
        { user: '没有', bot: { event: HANDOFF, value: { reason: /激活第1步/, vars: { stuck: 'power', sn: '没有' } } } },
      ],
    },
    {
      name: 'no network and still none after the network steps: a handoff at step 2',
      turns: [
        activationStart,
        powered,
        { user: '没网', bot: [article('POS机连不上网/没信号（网络异常）'), { text: /现在连上网了吗/, actions: YES_NO }] },
        { user: '否', bot: snQuestion },
        { user: 'SN0001', bot: { event: HANDOFF, value: { reason: /激活第2步/, vars: { network: 'none', network_ok: false, stuck: 'network' } } } },
      ],
    },
    {
      name: 'no network, fixed by the network steps: carries on with binding',
      turns: [activationStart, powered, { user: '没有网络', bot: { text: /现在连上网了吗/ } }, { user: '连上了', bot: bindQuestion }],
    },
    {
      name: 'cannot bind even after the binding guide: a handoff at step 3',
      turns: [
        activationStart,
        powered,
        { user: '流量卡', bot: bindQuestion },
        { user: '没有', bot: [{ text: /用机器背面标签上的序列号（SN）把它绑定到您的商户/ }, { text: /现在绑定好了吗/ }] },
        { user: '不行', bot: snQuestion },
        { user: 'SN0002', bot: { event: HANDOFF, value: { reason: /激活第3步/, vars: { bound: false, stuck: 'bind' } } } },
      ],
    },
  ]);
});

// --- answering the way merchants do ------------------------------------------------------
describe('answering a flow question', () => {
  run([
    { name: 'by the button label', turns: [depositStart, { user: '智能POS机', bot: { text: /不收押金/ } }] },
    { name: 'by a synonym: 智能的 is the smart terminal', turns: [depositStart, { user: '智能的', bot: { text: /不收押金/ } }] },
    { name: 'by a synonym: 电签的 is the e-signature terminal', turns: [depositStart, { user: '电签的', bot: { text: /有没有超过 3 个月/ } }] },
    { name: 'by a description: 打小票的 is the classic terminal', turns: [depositStart, { user: '打小票的', bot: classic }] },
    { name: 'by an ordinal: 第二个 is the classic terminal', turns: [depositStart, { user: '第二个', bot: classic }] },
    { name: 'by a number: 2 is the classic terminal', turns: [depositStart, { user: '2', bot: classic }] },
    { name: 'by a number on a two-button question: 1 is 3个月内', turns: [depositStart, esign, { user: '1', bot: { text: /到现在一共刷了多少钱/ } }] },
    { name: 'a longer answer picks the longest match: 密码错误次数超限 is 75, not 55', turns: [pinStart('帮我排查密码问题'), { user: '密码错误次数超限', bot: [pinLockedArticle] }] },
    { name: 'an amount as 1万: 10000 reaches the target', turns: [depositStart, esign, within3, { user: '1万', bot: eligible }] },
    { name: 'an amount as 两千五: 2500, so 7500 to go', turns: [depositStart, esign, within3, { user: '两千五', bot: { text: /还差 7500 元/ } }] },
    { name: 'an amount as 一万二: 12000 reaches the target', turns: [depositStart, esign, within3, { user: '一万二', bot: eligible }] },
    { name: 'an amount with words around it: 大概刷了6500元', turns: [depositStart, esign, within3, { user: '大概刷了6500元', bot: { text: /还差 3500 元/ } }] },
    { name: 'a no as 还没收到 (not yet received)', turns: [depositStart, esign, within3, { user: '12000', bot: eligible }, { user: '还没收到', bot: { text: /查退款进度/ } }] },
    { name: 'a yes as 也是 (the other card fails too)', turns: [pinStart('帮我排查密码问题'), { user: '55', bot: { text: /连续输错几次/ } }, { user: '两次', bot: { text: /换一张别的卡刷/ } }, { user: '也是', bot: [{ text: /换卡也报密码错误/ }] }] },
    {
      name: 'a duration in months, 2个月, is not the second button: it is within 3 months',
      turns: [depositStart, esign, { user: '2个月', bot: { text: /到现在一共刷了多少钱/ } }],
    },
    {
      name: 'a count, 输错3次了, is not the third button (卡没有密码)',
      turns: [pinStart('帮我排查密码问题'), { user: '输错3次了', bot: { notText: /是哪种卡、怎么刷的/ } }],
    },
    {
      // 都不行 answers "do all fail?" with yes and "did it work?" with no: the bot asks again rather than guess.
      name: '都不行 is asked again with 是/否 rather than guessed',
      turns: [pinStart('帮我排查密码问题'), { user: '键盘', bot: { text: /换几张不同的卡试/ } }, { user: '都不行', bot: { notText: /只有一张卡不行/, actions: ['是', '否'] } }],
    },
    {
      name: 'an amount that repeats the question, 前3个月刷了12000, is 12000',
      turns: [depositStart, esign, past3, { user: '前3个月刷了12000', bot: eligible }],
    },
    {
      name: 'an amount as 6千5 is 6500, so 3500 to go',
      turns: [depositStart, esign, within3, { user: '6千5', bot: { text: /还差 3500 元/ } }],
    },
  ]);
});

describe('a flow question answered wrongly', () => {
  const askAgain: Expected = { text: /请点下面的按钮，或回复序号（1-4）/, actions: TERMINALS };
  run([
    {
      name: 'is asked again with the same buttons, and a right answer then carries on',
      turns: [depositStart, { user: '今天天气不错', bot: askAgain }, { user: '电签', bot: { text: /有没有超过 3 个月/ } }],
    },
    {
      name: 'a number out of range is asked again, with the way out',
      turns: [pinStart('帮我排查密码问题'), { user: '55', bot: { text: /连续输错几次/ } }, { user: '0', bot: { text: /请回复一个数字，比如 1、2、3[\s\S]*退出排查/ } }],
    },
    {
      name: 'a second failed answer offers to ask again, leave or reach a person (maxAttempts defaults to 2); nothing hands over by itself',
      turns: [
        depositStart,
        { user: '今天天气不错', bot: askAgain },
        { user: '随便', bot: { text: zh.flowStuck, actions: ['重新选', '退出排查', '转人工'] }, none: { event: HANDOFF } },
        { user: '啥', bot: { actions: ['重新选', '退出排查', '转人工'] }, none: { event: HANDOFF } },
      ],
    },
    {
      name: 'counts failures per question: one on each question is a plain retry',
      turns: [
        depositStart,
        { user: 'x', bot: askAgain },
        esign,
        { user: 'x', bot: { text: /回复序号（1-2）/, actions: RECEIVED }, none: { event: HANDOFF } },
        within3,
      ],
    },
  ]);
});
