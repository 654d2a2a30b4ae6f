export declare const SERVER_EXTERNALS: string[];
