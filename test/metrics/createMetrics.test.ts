import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/index.js';

describe('createMetrics', () => {
  it("reports WeChat's callback times by status and API failures by code", async () => {
    const metrics = createMetrics();
    metrics.wechatCallback(200, 0.03);
    metrics.wechatCallback(200, 4.5);
    metrics.wechatApiError('45047');
    metrics.wechatApiError('45047');
    metrics.wechatApiError('WECHAT_API_TIMEOUT');
    const { body } = await metrics.render();
    expect(body).toContain('kefu_wechat_callback_duration_seconds_count{status="200"} 2');
    expect(body).toContain('kefu_wechat_callback_duration_seconds_bucket{le="4",status="200"} 1');
    expect(body).toContain('kefu_wechat_api_errors_total{code="45047"} 2');
    expect(body).toContain('kefu_wechat_api_errors_total{code="WECHAT_API_TIMEOUT"} 1');
  });

  it('keeps each runtime its own registry: two of them in one process count apart', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.turn('directline', 'answer', 0.002);
    expect((await a.render()).body).toContain('kefu_turns_total{channel="directline",outcome="answer"} 1');
    expect((await b.render()).body).not.toContain('kefu_turns_total{');
  });
});
