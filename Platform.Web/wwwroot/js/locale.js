// Built by esbuild from wwwroot-assets/src: edit the sources there, then run npm run build.
function e(){return Intl.DateTimeFormat().resolvedOptions().timeZone||"UTC"}function n(){return navigator.language||""}export{n as language,e as timeZone};
