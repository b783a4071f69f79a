/** The widget's look, inside its shadow root so the brand's CSS and ours never meet. */
export const STYLES = `
:host{all:initial;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232b}
*{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;cursor:pointer;border:0;border-radius:8px;background:#1f5eff;color:#fff;padding:8px 14px}
button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #ffbf47;outline-offset:1px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483646;border-radius:24px;padding:12px 18px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.panel{position:fixed;right:20px;bottom:80px;z-index:2147483647;width:min(360px,calc(100vw - 40px));height:min(520px,calc(100vh - 100px));display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden}
header{display:flex;align-items:center;justify-content:space-between;background:#1f5eff;color:#fff;padding:10px 14px}
h2{font-size:16px;margin:0}
.close{background:transparent;font-size:20px;padding:0 6px}
.status{margin:0;padding:0 14px;font-size:12px;color:#8a4b00}
.status:empty,.typing:empty{display:none}
.log{flex:1;overflow-y:auto;list-style:none;margin:0;padding:10px 14px}
.msg{margin:6px 0;max-width:85%}
.msg .who{display:block;font-size:11px;color:#5c6773}
.msg .text{margin:2px 0 0;padding:8px 10px;border-radius:10px;background:#eef1f5;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.visitor{margin-left:auto}
.msg.visitor .text{background:#1f5eff;color:#fff}
.msg.system .text{background:#fff6e0}
.msg[data-state=pending] .text{opacity:.6}
.msg[data-state=failed] .text{background:#c62828}
.typing{margin:0;padding:0 14px 4px;font-size:12px;color:#5c6773}
form{display:flex;flex-direction:column;gap:8px;padding:10px 14px;border-top:1px solid #e3e7ec}
label{display:flex;flex-direction:column;gap:3px;font-size:12px;color:#3b4450}
input,textarea{font:inherit;padding:7px 9px;border:1px solid #b8c1cc;border-radius:6px;resize:none}
`;
