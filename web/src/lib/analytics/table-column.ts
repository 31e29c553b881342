/** A column of a dashboard table (DataTable.svelte): its header and the text of each row's cell. */
export interface Column<Row> {
  label: string;
  value: (row: Row) => string;
  /** Right-aligned, in tabular figures. */
  numeric?: boolean;
}
