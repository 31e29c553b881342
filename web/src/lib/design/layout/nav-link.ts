/** One entry of the header navigation: an unlocalized route path and its localized label. */
export interface NavLink {
  route: string;
  label: () => string;
}
