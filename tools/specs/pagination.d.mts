export declare const paginationShape: object;
export declare function paginationProblems(spec: any): { where: string; problem: string }[];
