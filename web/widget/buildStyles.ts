/**
 * The widget's style sheet. Every selector starts with a `.kefu-w-` class, so nothing here
 * touches the host page; a light reset on our own elements keeps most of the page's rules out.
 * `color` must already be checked (parseOptions does): it is written into the CSS.
 * The [hidden] rule comes last so that it beats every `display` above it.
 */
export function buildStyles({ color }: { color: string }): string {
  const c = color;
  return `
.kefu-w-root{position:fixed;z-index:2147483000;bottom:20px;right:20px;font:14px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Segoe UI",Roboto,sans-serif;color:#1f1f1f;text-align:left;letter-spacing:normal;text-transform:none}
.kefu-w-root.kefu-w-left{right:auto;left:20px}
.kefu-w-root *,.kefu-w-root *::before,.kefu-w-root *::after{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit;background:none;border:0;float:none;text-shadow:none;max-width:none;min-width:0}
.kefu-w-root button{cursor:pointer;line-height:1.4}
.kefu-w-root button:focus-visible,.kefu-w-root textarea:focus-visible,.kefu-w-root .kefu-w-scroll:focus-visible{outline:2px solid ${c};outline-offset:2px}
.kefu-w-root .kefu-w-launcher{width:56px;height:56px;border-radius:50%;background:${c};color:#fff;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.kefu-w-root .kefu-w-launcher:hover{filter:brightness(1.08)}
.kefu-w-root .kefu-w-unread{position:relative}
.kefu-w-root .kefu-w-unread::after{content:"";position:absolute;top:2px;right:2px;width:14px;height:14px;border-radius:50%;background:#ff4d4f;border:2px solid #fff}
.kefu-w-root .kefu-w-icon{width:28px;height:28px;fill:currentColor}
.kefu-w-root .kefu-w-panel{position:absolute;bottom:72px;right:0;width:380px;height:600px;max-height:calc(100vh - 112px);display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.2);overflow:hidden}
.kefu-w-root.kefu-w-left .kefu-w-panel{right:auto;left:0}
.kefu-w-root .kefu-w-header{display:flex;align-items:center;gap:8px;padding:12px 8px 12px 16px;background:${c};color:#fff}
.kefu-w-root .kefu-w-title{flex:1;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.kefu-w-root .kefu-w-close{width:36px;height:36px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff}
.kefu-w-root .kefu-w-close:hover{background:rgba(255,255,255,.15)}
.kefu-w-root .kefu-w-close .kefu-w-icon{width:20px;height:20px}
.kefu-w-root .kefu-w-status{padding:4px 16px;background:#fff7e6;color:#ad4e00;font-size:12px}
.kefu-w-root .kefu-w-scroll{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:12px;background:#f5f6f8}
.kefu-w-root .kefu-w-msg{display:flex;flex-direction:column;align-items:flex-start;margin:10px 0}
.kefu-w-root .kefu-w-msg.kefu-w-user{align-items:flex-end}
.kefu-w-root .kefu-w-sender{margin:0 4px 2px;font-size:12px;color:#8c8c8c}
.kefu-w-root .kefu-w-bubble{max-width:85%;padding:8px 12px;border-radius:12px;border-top-left-radius:4px;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.06);overflow-wrap:anywhere;word-break:break-word}
.kefu-w-root .kefu-w-user .kefu-w-bubble{background:${c};color:#fff;border-top-left-radius:12px;border-top-right-radius:4px;white-space:pre-wrap}
.kefu-w-root .kefu-w-pending .kefu-w-bubble{opacity:.6}
.kefu-w-root .kefu-w-bubble p+p,.kefu-w-root .kefu-w-bubble p+ol,.kefu-w-root .kefu-w-bubble p+ul,.kefu-w-root .kefu-w-bubble ol+p,.kefu-w-root .kefu-w-bubble ul+p,.kefu-w-root .kefu-w-bubble ol+ol,.kefu-w-root .kefu-w-bubble ul+ul{margin-top:8px}
.kefu-w-root .kefu-w-bubble ol,.kefu-w-root .kefu-w-bubble ul{padding-left:1.5em}
.kefu-w-root .kefu-w-bubble ol{list-style:decimal}
.kefu-w-root .kefu-w-bubble ul{list-style:disc}
.kefu-w-root .kefu-w-bubble li{display:list-item;margin:2px 0}
.kefu-w-root .kefu-w-bubble li ul{list-style:circle}
.kefu-w-root .kefu-w-bubble strong{font-weight:600}
.kefu-w-root .kefu-w-meta{display:flex;gap:8px;align-items:center;margin-top:2px;font-size:11px;color:#8c8c8c}
.kefu-w-root .kefu-w-failed-text{color:#cf1322}
.kefu-w-root .kefu-w-retry{color:${c};text-decoration:underline;font-size:11px}
.kefu-w-root .kefu-w-actions{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}
.kefu-w-root .kefu-w-action{padding:5px 12px;border:1px solid ${c};border-radius:16px;background:#fff;color:${c};font-size:13px;text-align:left}
.kefu-w-root .kefu-w-action:hover{background:${c};color:#fff}
.kefu-w-root .kefu-w-typing{display:inline-flex;gap:4px;margin:8px 0;padding:10px 12px;border-radius:12px;background:#fff}
.kefu-w-root .kefu-w-dot{width:6px;height:6px;border-radius:50%;background:#bfbfbf;animation:kefu-w-blink 1.2s infinite}
.kefu-w-root .kefu-w-dot:nth-child(2){animation-delay:.2s}
.kefu-w-root .kefu-w-dot:nth-child(3){animation-delay:.4s}
@keyframes kefu-w-blink{0%,80%,100%{opacity:.3}40%{opacity:1}}
.kefu-w-root .kefu-w-composer{display:flex;align-items:flex-end;gap:8px;padding:8px;border-top:1px solid #f0f0f0;background:#fff}
.kefu-w-root .kefu-w-input{flex:1;resize:none;min-height:40px;max-height:120px;padding:9px 12px;border:1px solid #d9d9d9;border-radius:8px;background:#fff;line-height:20px;font-size:14px;color:#1f1f1f}
.kefu-w-root .kefu-w-input:focus{border-color:${c}}
.kefu-w-root .kefu-w-photo{width:40px;height:40px;flex:none;border-radius:8px;display:flex;align-items:center;justify-content:center;color:#595959}
.kefu-w-root .kefu-w-photo:hover{background:#f5f5f5;color:${c}}
.kefu-w-root .kefu-w-photo .kefu-w-icon{width:24px;height:24px}
.kefu-w-root .kefu-w-img{display:block;max-width:100%;max-height:240px;min-width:24px;min-height:24px;border-radius:8px;background:#f0f0f0}
.kefu-w-root .kefu-w-img+*{margin-top:6px}
.kefu-w-root .kefu-w-notice{padding:6px 16px;background:#fff1f0;color:#cf1322;font-size:12px}
.kefu-w-root .kefu-w-send{height:40px;padding:0 16px;border-radius:8px;background:${c};color:#fff;font-weight:500}
.kefu-w-root .kefu-w-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
@media (max-width:600px){
.kefu-w-root.kefu-w-open .kefu-w-launcher{display:none}
.kefu-w-root .kefu-w-panel{position:fixed;inset:0;width:auto;height:auto;max-height:none;border-radius:0}
.kefu-w-root .kefu-w-input{font-size:16px}
}
.kefu-w-root [hidden]{display:none!important}
@media (prefers-reduced-motion:reduce){.kefu-w-root *{animation:none!important;transition:none!important}}
`;
}
