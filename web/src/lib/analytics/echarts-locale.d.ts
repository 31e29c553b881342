/*
 * ECharts ships its translations as UMD scripts without type declarations. The
 * Turkish one is an object of the same shape as ECharts' built-in English texts.
 */
declare module 'echarts/i18n/langTR-obj.js' {
  const texts: Parameters<typeof import('echarts/core').registerLocale>[1];
  export default texts;
}
